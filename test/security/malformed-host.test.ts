/**
 * HTTP hygiene (SECURITY.md): a malformed Host is a 400 in the JSON envelope with the security
 * headers — not Bun's HTML error page, and no stack trace on stderr — on every path, proxy
 * included. Against the bridge as an operator runs it (`bun src/main.ts`, stderr captured), and
 * Bun.serve's last-resort error handler (SERVE_SAFETY) on its own.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SERVE_SAFETY } from '../../src/main.ts'
import { spawnBridge, type BridgeProcess } from './support/bridge-process.ts'
import { rawHttp } from './support/security-bridge.ts'

let workDir: string
let bridge: BridgeProcess

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'llm-bridge-host-'))
  bridge = await spawnBridge(['--port', '0', '--data-dir', join(workDir, 'data')])
})

afterAll(async () => {
  await bridge?.stop(500)
  await rm(workDir, { recursive: true, force: true })
})

describe('malformed Host', () => {
  for (const host of ['evil host', 'a@b', '', 'a:999999', '127.0.0.1/x']) {
    for (const path of ['/healthz', '/proxy/lb1_x/v1/messages', '/api/catalog']) {
      test(`Host ${JSON.stringify(host)} on ${path} is 400 in the JSON envelope with the security headers`, async () => {
        const reply = await rawHttp(bridge.port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 500)
        expect(reply.status).toBe(400)
        expect(reply.headers.get('content-type')).toBe('application/json')
        expect(reply.headers.get('cache-control')).toBe('no-store')
        expect(reply.headers.get('referrer-policy')).toBe('no-referrer')
        expect(reply.headers.get('x-request-id')).toStartWith('req_')
        const body = JSON.parse(reply.body) as { error_code: string; message: string }
        expect(body.message).toBe('Host header: malformed')
      })
    }
  }

  test('nothing of it reaches stderr (no stack trace, no "Invalid URL")', async () => {
    await rawHttp(bridge.port, 'GET /healthz HTTP/1.1\r\nHost: a:999999\r\nConnection: close\r\n\r\n', 500)
    await Bun.sleep(50)
    expect(bridge.stderr()).toBe('')
  })
})

describe("Bun.serve's last resort", () => {
  test('an exception that escapes the handler answers the JSON envelope: no HTML page, no stack, no message', async () => {
    const server = Bun.serve({ hostname: '127.0.0.1', port: 0, ...SERVE_SAFETY, fetch: () => { throw new Error('boom near sk-secret-0123456789') } })
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/`)
      const text = await response.text()
      expect(response.status).toBe(500)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(JSON.parse(text)).toMatchObject({ error_code: 'INTERNAL_ERROR' })
      expect(text).not.toContain('boom')
      expect(text).not.toContain('sk-secret')
    } finally {
      await server.stop(true)
    }
  })
})
