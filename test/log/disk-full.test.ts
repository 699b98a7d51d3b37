import { afterEach, describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRequestLog, openRequestLog, type RequestLog } from '../../src/log/index.ts'
import { SqliteLogStore } from '../../src/log/sqlite/sqlite-store.ts'
import { makeRow, tempDataDir } from './log-test-support.ts'

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

function fullDisk(): { log: RequestLog; store: SqliteLogStore } {
  const temp = tempDataDir()
  const store = new SqliteLogStore(join(temp.dir, 'full.sqlite'))
  const log = createRequestLog(store, { logBodies: true, flushIntervalMs: 5, maxQueue: 50 })
  cleanup.push(temp.remove, () => log.close())
  const pages = store.database.query<{ page_count: number }, []>('PRAGMA page_count').get()?.page_count ?? 0
  store.database.run(`PRAGMA max_page_count = ${pages + 2}`)
  return { log, store }
}

describe('a full or broken disk', () => {
  test('record never throws, health shows the log degraded and the queue stays bounded', async () => {
    const { log } = fullDisk()
    for (let index = 0; index < 120; index++) {
      expect(() => log.record(makeRow({ requestBody: 'b'.repeat(20_000) }))).not.toThrow()
    }
    await log.flush()
    const health = log.health()
    expect(health.ok).toBe(false)
    expect(health.writeErrors).toBeGreaterThan(0)
    expect(health.lastError).toContain('SQLITE_FULL')
    expect(health.queued).toBeLessThanOrEqual(50)
    expect(health.dropped).toBeGreaterThanOrEqual(70)
    expect(log.metrics.families().find((family) => family.name === 'llm_bridge_log_write_errors_total')).toBeDefined()
  })

  test('the log recovers and writes the kept rows once space returns', async () => {
    const { log, store } = fullDisk()
    const rows = Array.from({ length: 10 }, () => makeRow({ requestBody: 'b'.repeat(20_000) }))
    for (const row of rows) log.record(row)
    await log.flush()
    expect(log.health().ok).toBe(false)
    store.database.run('PRAGMA max_page_count = 1073741823')
    await log.flush()
    expect(log.health()).toMatchObject({ ok: true, queued: 0 })
    for (const row of rows) expect((await log.get(row.requestId))?.requestId).toBe(row.requestId)
  })

  test('a corrupt database file degrades logging instead of failing the server', async () => {
    const temp = tempDataDir()
    cleanup.push(temp.remove)
    writeFileSync(join(temp.dir, 'llm-bridge.sqlite'), 'this is not a database '.repeat(500))
    const log = openRequestLog({ dataDir: temp.dir, logBodies: false, flushIntervalMs: 5 })
    cleanup.push(() => log.close())
    expect(() => log.record(makeRow())).not.toThrow()
    await log.flush()
    expect(log.health().ok).toBe(false)
    expect(log.health().writeErrors).toBeGreaterThan(0)
    expect((await log.query({})).rows).toEqual([])
  })
})
