/** createServer wires every module: with the SQLite log, the log API and the metrics are served too. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openRequestLog, type RequestLog } from '../../src/log/index.ts'
import { createServer, type BridgeServer } from '../../src/server.ts'
import { PUBLIC_URL, testConfig, testKeyRing } from './test-server.ts'

let dir: string
let log: RequestLog
let bridge: BridgeServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-bridge-composition-'))
  log = openRequestLog({ dataDir: dir, logBodies: false })
  bridge = await createServer({ config: testConfig(), keyRing: testKeyRing(), serverSecret: crypto.getRandomValues(new Uint8Array(32)), adminKey: 'k', log })
})

afterAll(async () => {
  await log.close()
  await rm(dir, { recursive: true, force: true })
})

describe('server composition', () => {
  test.each(['/', '/api/catalog', '/api/logs', '/api/stats', '/metrics', '/healthz'])('%s is served', async (path) => {
    const response = await bridge.fetch(new Request(`${PUBLIC_URL}${path}`))
    expect(response.status).toBe(200)
  })

  test('the console keeps its own CSP and is not marked no-store', async () => {
    const response = await bridge.fetch(new Request(`${PUBLIC_URL}/`))
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(response.headers.get('cache-control')).not.toBe('no-store')
  })
})
