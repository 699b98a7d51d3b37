/**
 * Answers the HTTP layer gives before the bridge's handlers. Bun's own are bare (status line, no
 * body, no x-request-id): the bridge takes over every case Bun lets it — a declared body over
 * --max-body-bytes of any size gets the JSON envelope and a request id, and the connection is
 * closed instead of draining a body the bridge will not read (declared or chunked). The answers
 * only Bun can give (broken framing, oversized headers, a bad request line) are pinned here as
 * the README lists them. Against `startServer`, the real Bun.serve options.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseServerConfig } from '../../src/config-parse.ts'
import { startServer, type RunningServer } from '../../src/main.ts'
import { rawHttp } from './support/security-bridge.ts'

const CAP = 1000
let workDir: string
let server: RunningServer

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'llm-bridge-own-answers-'))
  const parsed = parseServerConfig(['--port', '0', '--data-dir', join(workDir, 'data'), '--max-body-bytes', String(CAP)], {})
  if (parsed.kind !== 'run') throw new Error('config did not parse')
  server = await startServer(parsed.config, {}, () => {})
})

afterAll(async () => {
  await server.stop()
  await rm(workDir, { recursive: true, force: true })
})

const host = (): string => `Host: 127.0.0.1:${server.port}\r\n`

describe('the bridge answers in its envelope wherever Bun lets it', () => {
  for (const length of [CAP + 1, 5_000_000, 10 ** 15]) {
    for (const path of ['/proxy/v1/messages', '/api/generate-url']) {
      test(`Content-Length ${length} on ${path} → 413 PAYLOAD_TOO_LARGE envelope with a request id, connection closed`, async () => {
        const answer = await rawHttp(server.port, `POST ${path} HTTP/1.1\r\n${host()}Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{"a":`, 5000)
        expect(answer.status).toBe(413)
        const requestId = answer.headers.get('x-request-id')
        expect(requestId).toMatch(/^req_/)
        expect(JSON.parse(answer.body)).toMatchObject({ error_code: 'PAYLOAD_TOO_LARGE', request_id: requestId })
        expect(answer.closedByServer).toBe(true)
      })
    }
  }

  test('a chunked body the bridge does not read (bad token) is not drained: 401 envelope, connection closed', async () => {
    const answer = await rawHttp(server.port, `POST /proxy/lb1_nope/v1/messages HTTP/1.1\r\n${host()}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n${'a'.repeat(16)}\r\n`, 5000)
    expect(answer.status).toBe(401)
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: 'INVALID_TOKEN' })
    expect(answer.closedByServer).toBe(true)
  })

  test('a chunked body over the cap → 413 envelope, connection closed', async () => {
    const chunk = `100\r\n${'a'.repeat(256)}\r\n`
    const answer = await rawHttp(server.port, `POST /api/generate-url HTTP/1.1\r\n${host()}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.repeat(8)}`, 5000)
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: 'PAYLOAD_TOO_LARGE' })
    expect(answer.closedByServer).toBe(true)
  })

  test('an ordinary keep-alive request is not closed', async () => {
    const answer = await rawHttp(server.port, `POST /api/generate-url HTTP/1.1\r\n${host()}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`, 500)
    expect(answer.status).toBe(400)
    expect(answer.closedByServer).toBe(false)
  })
})

describe('what only Bun answers (README "Security notes"): bare status, no body', () => {
  const cases: Array<[string, string, number]> = [
    ['a malformed Content-Length', `POST /api/generate-url HTTP/1.1\r\n${'HOST'}Content-Length: abc\r\n\r\n`, 400],
    ['Transfer-Encoding with Content-Length', `POST /api/generate-url HTTP/1.1\r\n${'HOST'}Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n`, 400],
    ['two unequal Content-Lengths', `POST /api/generate-url HTTP/1.1\r\n${'HOST'}Content-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef`, 400],
    ['a header section over Bun’s limit', `GET /healthz HTTP/1.1\r\n${'HOST'}X-Big: ${'a'.repeat(100_000)}\r\n\r\n`, 431],
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400],
    ['HTTP/1.1 without Host', 'GET /healthz HTTP/1.1\r\n\r\n', 400],
  ]
  for (const [name, request, status] of cases) {
    test(`${name} → ${status}`, async () => {
      const answer = await rawHttp(server.port, request.replace('HOST', host()), 1000)
      expect(answer.status).toBe(status)
      expect(answer.body).toBe('')
    })
  }
})
