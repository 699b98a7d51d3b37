/**
 * /healthz says how the request log is doing (issue 5: a degraded log is visible in health), with
 * counts and SQLite's error code only: the answer is public, so no message, path or row content.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LOG_FILE_NAME, openRequestLog, type RequestLog } from '../../src/log/index.ts'
import { openMetricsOnlyLog } from '../../src/log/metrics-only-log.ts'
import { createServer, type BridgeServer } from '../../src/server.ts'
import { makeRow, tempDataDir } from '../log/log-test-support.ts'
import { PUBLIC_URL, testConfig, testKeyRing } from '../server/test-server.ts'

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

async function bridgeOver(prepare: (dir: string) => void = () => {}): Promise<{ bridge: BridgeServer; log: RequestLog; dir: string }> {
  const temp = tempDataDir()
  cleanup.push(temp.remove)
  prepare(temp.dir)
  const log = openRequestLog({ dataDir: temp.dir, logBodies: false, flushIntervalMs: 5 })
  cleanup.push(() => log.close())
  const bridge = await createServer({ config: testConfig(), keyRing: testKeyRing(), serverSecret: crypto.getRandomValues(new Uint8Array(32)), adminKey: 'k', log })
  return { bridge, log, dir: temp.dir }
}

async function health(bridge: BridgeServer): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = await bridge.fetch(new Request(`${PUBLIC_URL}/healthz`))
  const text = await response.text()
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text }
}

describe('/healthz and the request log', () => {
  test('a working log reads ok with its counters', async () => {
    const { bridge, log } = await bridgeOver()
    log.record(makeRow())
    await log.flush()
    const answer = await health(bridge)
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ status: 'ok', version: expect.any(String), log: { ok: true, queued: 0, dropped: 0, writeErrors: 0 } })
  })

  test('a corrupt log file: still 200 (proxying goes on), the log degraded with its SQLite code, no path or message', async () => {
    const { bridge, log, dir } = await bridgeOver((directory) => writeFileSync(join(directory, LOG_FILE_NAME), 'this is not a database '.repeat(500)))
    log.record(makeRow())
    await log.flush()
    const answer = await health(bridge)
    expect(answer.status).toBe(200)
    expect(answer.body.status).toBe('ok')
    expect(answer.body.log).toEqual({ ok: false, queued: 1, dropped: 0, writeErrors: expect.any(Number), lastErrorCode: 'SQLITE_NOTADB' })
    expect(answer.text).not.toContain(dir)
    expect(answer.text).not.toContain('not a database')
  })

  test('a log that cannot open reads degraded before any row is written', async () => {
    const { bridge } = await bridgeOver((directory) => writeFileSync(join(directory, LOG_FILE_NAME), 'this is not a database '.repeat(500)))
    const answer = await health(bridge)
    expect(answer.body.log).toMatchObject({ ok: false, lastErrorCode: 'SQLITE_NOTADB' })
  })

  test('with the request log off the answer has no log part (there is nothing to store)', async () => {
    const log = openMetricsOnlyLog()
    cleanup.push(() => log.close())
    const bridge = await createServer({ config: testConfig({ requestLog: false }), keyRing: testKeyRing(), serverSecret: crypto.getRandomValues(new Uint8Array(32)), adminKey: 'k', log })
    expect((await health(bridge)).body).toEqual({ status: 'ok', version: expect.any(String) })
  })
})
