/**
 * The API's reads run on the log's reader thread: a filter that scans a large log, or a month of
 * stats, must not stop the proxy's event loop (it used to run on it: ~250–550 ms per read of a
 * 1,000,000-row log, every request in flight waiting).
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { logsApi } from '../../src/http/logs-api.ts'
import { createRequestLog, type RequestLog } from '../../src/log/index.ts'
import { ThreadedSqliteStore } from '../../src/log/sqlite/threaded-sqlite-store.ts'
import { SqliteLogStore } from '../../src/log/sqlite/sqlite-store.ts'
import { makeRow, tempDataDir } from './log-test-support.ts'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

const ROWS = 60_000
const DAY = 86_400_000

/** A log file holding `count` rows over the last hour, written directly (as the writer thread would). */
function grownLogPath(count: number): string {
  const temp = tempDataDir()
  cleanup.push(temp.remove)
  const path = join(temp.dir, 'log.sqlite')
  const store = new SqliteLogStore(path)
  const start = Date.now() - 3_600_000
  for (let written = 0; written < count; written += 1000) {
    store.insertBatch(Array.from({ length: 1000 }, (_, index) => makeRow({ startedAt: start + written + index, tokenId: `tok_${index % 7}` })))
  }
  store.close()
  return path
}

function threadedLog(path: string, onThread?: (role: string) => void): RequestLog {
  const store = new ThreadedSqliteStore(path, onThread ? { onThread: (_thread, role) => onThread(role) } : {})
  const log = createRequestLog(store, { logBodies: false, flushIntervalMs: 60_000 })
  cleanup.push(() => log.close())
  return log
}

/** Asks the API for `route` and expects the 503 LOG_UNAVAILABLE envelope; returns its body. */
async function expectUnavailable(log: RequestLog, route: string): Promise<{ error_code: string; message: string }> {
  const api = logsApi({ log, isLoopbackBind: true, adminKey: 'admin-key-0123456789abcdef0123456789abcdef', openToken: () => Promise.reject(new Error('no URL tokens in this test')) })
  const response = await api.handle(new Request(`http://localhost${route}`))
  const body = (await response.json()) as { error_code: string; message: string }
  expect(response.status).toBe(503)
  expect(body.error_code).toBe('LOG_UNAVAILABLE')
  return body
}

/** Runs `read` while a 1 ms interval counts how often the event loop got to run. */
async function ticksDuring<T>(read: () => Promise<T>): Promise<{ ticks: number; result: T }> {
  let ticks = 0
  const interval = setInterval(() => (ticks += 1), 1)
  try {
    const result = await read()
    return { ticks, result }
  } finally {
    clearInterval(interval)
  }
}

describe('reads on the reader thread', () => {
  test('stats over the whole log and a filter that scans it leave the event loop running', async () => {
    const roles: string[] = []
    const log = threadedLog(grownLogPath(ROWS), (role) => roles.push(role))
    // The first read starts the thread; timing that would not say where the query runs.
    expect((await log.query({ limit: 1 })).rows).toHaveLength(1)
    expect(roles).toEqual(['reader'])

    const stats = await ticksDuring(() => log.stats({ from: Date.now() - DAY, to: Date.now() + 1, bucket: 'day' }))
    expect(stats.result.totals.requests).toBe(ROWS)
    expect(stats.ticks).toBeGreaterThan(0)

    // No row has this model: the query reads the whole table before it can answer empty.
    const scan = await ticksDuring(() => log.query({ model: 'no-such-model' }))
    expect(scan.result.rows).toEqual([])
    expect(scan.ticks).toBeGreaterThan(0)
    // Reads start no writer thread.
    expect(roles).toEqual(['reader'])
    // Their CPU is accounted to the reader thread in /metrics (~0.1 s or more for those two reads;
    // thread CPU time advances in scheduler ticks, far finer than that).
    const family = log.metrics.families().find((candidate) => candidate.name === 'llm_bridge_log_read_seconds_total')
    const series = family?.series[0]
    expect(series !== undefined && 'value' in series ? series.value : 0).toBeGreaterThan(0)
  })

  test('a batch is stored while a long read runs, and the reader then finds it (token-scoped)', async () => {
    const log = threadedLog(grownLogPath(ROWS))
    // Both threads started first: what is compared below is a read against a one-row batch.
    await log.query({ limit: 1 })
    log.record(makeRow())
    await log.flush()
    const fresh = makeRow({ tokenId: 'tok_new' })
    let readDone = false
    const reading = log.stats({ from: Date.now() - DAY, to: Date.now() + 1, bucket: 'hour' }).then((stats) => {
      readDone = true
      return stats
    })
    log.record(fresh)
    await log.flush()
    // The batch did not queue behind the read: the writer has a thread of its own.
    expect(readDone).toBe(false)
    expect(log.health()).toMatchObject({ ok: true, rowsWritten: 2 })
    expect((await reading).totals.requests).toBeGreaterThanOrEqual(ROWS)
    expect((await log.get(fresh.requestId, 'tok_new'))?.requestId).toBe(fresh.requestId)
    expect(await log.get(fresh.requestId, 'tok_other')).toBeUndefined()
  })

  test('a database that breaks after start answers LOG_UNAVAILABLE with SQLite\'s code, never its message', async () => {
    const path = grownLogPath(1000)
    const log = threadedLog(path)
    // The file is replaced by one that is no database (the proxy's thread keeps its handle on the
    // old one): the reader thread opens the path on its first read.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
    writeFileSync(path, 'this is not an SQLite database, only its name is'.repeat(100))
    for (const route of ['/api/logs', '/api/logs/req_1', '/api/stats']) {
      const body = await expectUnavailable(log, route)
      expect(body.message).toMatch(/\(SQLITE_NOTADB\)/)
      expect(JSON.stringify(body)).not.toContain(dirname(path))
      expect(JSON.stringify(body)).not.toContain('log.sqlite')
    }
  })

  test('a log file deleted under the running bridge is not recreated empty by a read', async () => {
    const path = grownLogPath(1000)
    const log = threadedLog(path)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
    const body = await expectUnavailable(log, '/api/logs')
    expect(body.message).toMatch(/\(SQLITE_CANTOPEN\)/)
    // An empty file would answer 200 with no rows, as if every row had been deleted.
    expect(existsSync(path)).toBe(false)
  })

  test('a reader thread that dies fails the reads it owed with LOG_THREAD_EXITED, and the next read starts another', async () => {
    const readers: Worker[] = []
    const store = new ThreadedSqliteStore(grownLogPath(ROWS), { onThread: (thread, role) => role === 'reader' && readers.push(thread) })
    const log = createRequestLog(store, { logBodies: false, flushIntervalMs: 60_000 })
    cleanup.push(() => log.close())
    await log.query({ limit: 1 })
    const owed = log.stats({ from: Date.now() - DAY, to: Date.now() + 1, bucket: 'hour' })
    readers[0]!.terminate()
    await expect(owed).rejects.toMatchObject({ code: 'LOG_THREAD_EXITED' })
    expect((await log.stats({ from: Date.now() - DAY, to: Date.now() + 1, bucket: 'day' })).totals.requests).toBe(ROWS)
    expect(readers).toHaveLength(2)
  })

  test('an idle reader thread stops, the next read starts another, and reads after close() reject', async () => {
    const path = grownLogPath(1000)
    const ended: string[] = []
    const store = new ThreadedSqliteStore(path, {
      idleStopMs: 20,
      onThread: (thread, role) => thread.addEventListener('close', () => ended.push(role)),
    })
    const log = createRequestLog(store, { logBodies: false, flushIntervalMs: 60_000 })
    cleanup.push(() => log.close())
    expect((await log.query({ limit: 5 })).rows).toHaveLength(5)
    for (let wait = 0; wait < 200 && ended.length === 0; wait++) await Bun.sleep(10)
    expect(ended).toEqual(['reader'])
    expect((await log.stats({ from: 0, to: Date.now() + 1, bucket: 'day' })).totals.requests).toBe(1000)
    await log.close()
    await expect(log.query({})).rejects.toThrow('closed')
  })
})
