import { afterEach, describe, expect, test } from 'bun:test'
import { openRequestLog } from '../../src/log/index.ts'
import { usedBytes } from '../../src/log/sqlite/prune-database.ts'
import { SqliteLogStore } from '../../src/log/sqlite/sqlite-store.ts'
import { createRequestLog } from '../../src/log/index.ts'
import { join } from 'node:path'
import { makeRow, tempDataDir } from './log-test-support.ts'

const DAY_MS = 86_400_000

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

describe('retention', () => {
  test('rows older than maxAgeDays are deleted, newer rows kept', async () => {
    const temp = tempDataDir()
    cleanup.push(temp.remove)
    const log = openRequestLog({ dataDir: temp.dir, logBodies: false, retention: { maxAgeDays: 7, maxBytes: 1e12 } })
    cleanup.push(() => log.close())
    const old = Array.from({ length: 30 }, (_, index) => makeRow({ startedAt: Date.now() - 10 * DAY_MS - index }))
    const recent = Array.from({ length: 5 }, () => makeRow({ startedAt: Date.now() - DAY_MS }))
    for (const row of [...old, ...recent]) log.record(row)
    await log.flush()
    expect(await log.prune()).toBe(30)
    const kept = (await log.query({ limit: 200 })).rows.map((row) => row.requestId).sort()
    expect(kept).toEqual(recent.map((row) => row.requestId).sort())
  })

  test('the oldest rows go until the database fits maxBytes, and the file shrinks', async () => {
    const temp = tempDataDir()
    cleanup.push(temp.remove)
    const store = new SqliteLogStore(join(temp.dir, 'size.sqlite'))
    const log = createRequestLog(store, { logBodies: true, retention: { maxAgeDays: 365, maxBytes: 256 * 1024 } })
    cleanup.push(() => log.close())
    const start = Date.now() - 1000
    const rows = Array.from({ length: 300 }, (_, index) => makeRow({ startedAt: start + index, requestBody: `${index}`.padEnd(8000, 'x') }))
    for (const row of rows) log.record(row)
    await log.flush()
    const before = usedBytes(store.database)
    const fileBefore = pageCount(store)
    expect(before).toBeGreaterThan(2 * 1024 * 1024)
    const deleted = await log.prune()
    expect(deleted).toBeGreaterThan(0)
    expect(usedBytes(store.database)).toBeLessThanOrEqual(256 * 1024)
    expect(pageCount(store)).toBeLessThan(fileBefore)
    const kept = (await log.query({ limit: 200 })).rows
    // Newest first: the most recent row survives, the oldest does not.
    expect(kept[0]?.requestId).toBe(rows.at(-1)?.requestId)
    expect(await log.get(rows[0]?.requestId ?? '')).toBeUndefined()
  })
})

function pageCount(store: SqliteLogStore): number {
  return store.database.query<{ page_count: number }, []>('PRAGMA page_count').get()?.page_count ?? 0
}

describe('a retention step', () => {
  test('runs at most its batches and says whether anything is left', () => {
    const temp = tempDataDir()
    cleanup.push(temp.remove)
    const store = new SqliteLogStore(join(temp.dir, 'step.sqlite'))
    cleanup.push(() => store.close())
    const old = Date.now() - 10 * DAY_MS
    store.insertBatch(Array.from({ length: 600 }, (_, index) => makeRow({ startedAt: old + index })))
    const policy = { maxAgeDays: 7, maxBytes: 1e12 }
    // 500 rows per batch by age: one batch leaves 100 behind, the next finishes.
    expect(store.pruneStep(policy, Date.now(), 1)).toEqual({ deleted: 500, done: false })
    expect(store.pruneStep(policy, Date.now(), 1)).toEqual({ deleted: 100, done: true })
    expect(store.pruneStep(policy, Date.now(), 1)).toEqual({ deleted: 0, done: true })
  })
})
