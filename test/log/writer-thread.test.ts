/**
 * The SQLite store writes on its own thread: a locked or full database never stalls the proxy's
 * thread, rows land once the writer can write, and the thread neither keeps a finished process
 * alive nor lets one exit before the rows it was given are stored.
 */
import { Database } from 'bun:sqlite'
import { afterEach, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { createRequestLog, LOG_FILE_NAME, openRequestLog, type RequestLogOptions } from '../../src/log/index.ts'
import { ThreadedSqliteStore, type ThreadedStoreOptions } from '../../src/log/sqlite/threaded-sqlite-store.ts'
import { makeRow, tempDataDir } from './log-test-support.ts'

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

function settledFlag(promise: Promise<unknown>): { settled: boolean } {
  const flag = { settled: false }
  promise.then(
    () => (flag.settled = true),
    () => (flag.settled = true),
  )
  return flag
}

describe('the writer thread', () => {
  test('a database locked by another writer holds the batch, not the proxy: timers run, rows land after', async () => {
    const temp = tempDataDir()
    cleanup.push(temp.remove)
    const log = openRequestLog({ dataDir: temp.dir, logBodies: false, flushIntervalMs: 60_000 })
    cleanup.push(() => log.close())
    // Another process's writer (a backup tool, sqlite3 in a shell) holds the write lock.
    const other = new Database(join(temp.dir, LOG_FILE_NAME))
    other.run('PRAGMA busy_timeout = 0')
    other.run('BEGIN IMMEDIATE')
    const rows = Array.from({ length: 20 }, () => makeRow())
    for (const row of rows) log.record(row)
    const flushed = settledFlag(log.flush())
    // Written on this thread, the batch would block it in SQLite's busy wait (5 s) and fail with
    // SQLITE_BUSY before this sleep could even start; here the event loop turns while the writer waits.
    await Bun.sleep(50)
    expect(flushed.settled).toBe(false)
    expect(log.health().queued).toBe(20)
    other.run('COMMIT')
    other.close()
    await log.flush()
    expect(log.health()).toMatchObject({ ok: true, queued: 0, rowsWritten: 20 })
    for (const row of rows) expect((await log.get(row.requestId))?.requestId).toBe(row.requestId)
  })

  test('a full disk on the writer connection degrades the log with SQLITE_FULL and recovers when space returns', async () => {
    const { store, log, path } = threadedLog({}, { logBodies: true, flushIntervalMs: 5, maxQueue: 50 })
    const pages = pageCount(path)
    await store.pragma(`max_page_count = ${pages + 2}`)
    const rows = Array.from({ length: 10 }, () => makeRow({ requestBody: 'b'.repeat(20_000) }))
    for (const row of rows) expect(() => log.record(row)).not.toThrow()
    await log.flush()
    expect(log.health()).toMatchObject({ ok: false, lastErrorCode: 'SQLITE_FULL' })
    expect(log.health().lastError).toContain('SQLITE_FULL')
    await store.pragma('max_page_count = 1073741823')
    await log.flush()
    expect(log.health()).toMatchObject({ ok: true, queued: 0 })
    for (const row of rows) expect((await log.get(row.requestId))?.requestId).toBe(row.requestId)
  })

  test('a writer thread that stops is replaced: the batch it owed is kept and stored by the next one', async () => {
    const { log, threads } = threadedLog()
    // The first batch starts the thread.
    log.record(makeRow())
    await log.flush()
    expect(threads).toHaveLength(1)
    const rows = Array.from({ length: 30 }, () => makeRow())
    for (const row of rows) log.record(row)
    threads[0]?.terminate()
    await log.flush()
    expect(log.health()).toMatchObject({ ok: false, queued: 30, lastErrorCode: 'LOG_THREAD_EXITED' })
    await log.flush()
    expect(threads).toHaveLength(2)
    expect(log.health()).toMatchObject({ ok: true, queued: 0, rowsWritten: 31 })
    for (const row of rows) expect((await log.get(row.requestId))?.requestId).toBe(row.requestId)
  })

  test('an idle thread is stopped and the next batch starts another, without a failed write', async () => {
    const ended: Worker[] = []
    const { log, threads } = threadedLog({ idleStopMs: 20, onThread: (thread) => thread.addEventListener('close', () => ended.push(thread)) })
    const first = makeRow()
    log.record(first)
    await log.flush()
    for (let wait = 0; wait < 200 && ended.length === 0; wait++) await Bun.sleep(10)
    expect(ended).toEqual([threads[0]!])
    const second = makeRow()
    log.record(second)
    await log.flush()
    expect(threads).toHaveLength(2)
    expect(log.health()).toMatchObject({ ok: true, writeErrors: 0, rowsWritten: 2 })
    expect((await log.get(first.requestId))?.requestId).toBe(first.requestId)
    expect((await log.get(second.requestId))?.requestId).toBe(second.requestId)
    // Batches arriving around the moment a thread retires (just before, during its close, after).
    const more = Array.from({ length: 40 }, () => makeRow())
    for (const [index, row] of more.entries()) {
      log.record(row)
      await log.flush()
      await Bun.sleep(15 + (index % 4) * 3)
    }
    expect(log.health()).toMatchObject({ ok: true, writeErrors: 0, rowsWritten: 42 })
    for (const row of more) expect((await log.get(row.requestId))?.requestId).toBe(row.requestId)
  })

  test('a log with nothing to delete starts no thread for retention', async () => {
    const { log, threads } = threadedLog()
    expect(await log.prune()).toBe(0)
    expect(threads).toHaveLength(0)
  })

  test('retention runs in steps until done, and a closed store refuses work at once', async () => {
    const { store, log, path } = threadedLog({}, { retention: { maxAgeDays: 1, maxBytes: 1e12 }, maxQueue: 50_000 })
    const old = Date.now() - 3 * 86_400_000
    // More than one step deletes (20 batches of 500 rows by age).
    for (let index = 0; index < 25_000; index++) log.record(makeRow({ startedAt: old + index }))
    const recent = makeRow()
    log.record(recent)
    await log.flush()
    const pagesBefore = pageCount(path)
    expect(await log.prune()).toBe(25_000)
    expect((await log.query({ limit: 10 })).rows.map((row) => row.requestId)).toEqual([recent.requestId])
    // The compact step ran: the freed pages went back to the file system.
    expect(pageCount(path)).toBeLessThan(pagesBefore / 2)
    await log.close()
    await expect(store.prune({ maxAgeDays: 1, maxBytes: 1e12 }, Date.now())).rejects.toThrow('closed')
  })

  test('the thread does not keep a finished process alive, and close() stores what was queued first', async () => {
    // No explicit exit: the child must end by itself once the log is closed.
    const child = await runChild(`
for (let i = 0; i < 300; i++) log.record(makeRow({ requestId: 'closed_' + i }))
await log.close()
`)
    expect(child.exitCode).toBe(0)
    const database = new Database(join(child.dataDir, LOG_FILE_NAME), { readonly: true })
    const count = database.query<{ count: number }, []>("SELECT count(*) AS count FROM request_log WHERE request_id LIKE 'closed_%'").get()?.count
    database.close()
    expect(count).toBe(300)
  })

  test('a process whose only pending work is a flush waits for it instead of exiting', async () => {
    // flush() without close(): the thread owes an answer, so it keeps the process up until then.
    const child = await runChild(`
for (let i = 0; i < 50; i++) log.record(makeRow({ requestId: 'flushed_' + i }))
void log.flush().then(() => console.log('flushed ' + log.health().rowsWritten))
`)
    expect(child.exitCode).toBe(0)
    expect(child.stdout).toContain('flushed 50')
  })

  test('neither thread keeps a process alive once its answers are in (reads and writes, no close)', async () => {
    const child = await runChild(`
for (let i = 0; i < 20; i++) log.record(makeRow({ requestId: 'read_' + i }))
await log.flush()
const page = await log.query({ limit: 5 })
const stats = await log.stats({ from: 0, to: Date.now() + 1, bucket: 'day' })
console.log('read ' + page.rows.length + ' of ' + stats.totals.requests)
`)
    expect(child.exitCode).toBe(0)
    expect(child.stdout).toContain('read 5 of 20')
  })
})

/** A log over the threaded store in a temp dir, closed and removed after the test; `threads` sees each writer thread (not the reader's). */
function threadedLog(storeOptions: ThreadedStoreOptions = {}, logOptions: Partial<RequestLogOptions> = {}) {
  const temp = tempDataDir()
  cleanup.push(temp.remove)
  const threads: Worker[] = []
  const path = join(temp.dir, 'log.sqlite')
  const store = new ThreadedSqliteStore(path, {
    ...storeOptions,
    onThread: (thread, role) => {
      if (role === 'writer') threads.push(thread)
      storeOptions.onThread?.(thread, role)
    },
  })
  const log = createRequestLog(store, { logBodies: false, flushIntervalMs: 60_000, ...logOptions })
  cleanup.push(() => log.close())
  return { store, log, threads, path }
}

function pageCount(path: string): number {
  const database = new Database(path, { readonly: true })
  const pages = database.query<{ page_count: number }, []>('PRAGMA page_count').get()?.page_count ?? 0
  database.close()
  return pages
}

/** Runs `body` in a child Bun process with `log` open on a temp data dir; a child still running after 30 s is killed. */
async function runChild(body: string): Promise<{ exitCode: number | string; stdout: string; dataDir: string }> {
  const temp = tempDataDir()
  cleanup.push(temp.remove)
  const script = join(temp.dir, 'child.ts')
  await Bun.write(script, `
import { openRequestLog } from ${JSON.stringify(join(import.meta.dir, '../../src/log/index.ts'))}
import { makeRow } from ${JSON.stringify(join(import.meta.dir, 'log-test-support.ts'))}
const log = openRequestLog({ dataDir: process.argv[2], logBodies: false, flushIntervalMs: 60000 })
${body}`)
  const child = Bun.spawn(['bun', script, temp.dir], { stdout: 'pipe', stderr: 'pipe' })
  const exitCode = await Promise.race([child.exited, Bun.sleep(30_000).then(() => 'still running')])
  if (exitCode === 'still running') child.kill('SIGKILL')
  return { exitCode, stdout: await new Response(child.stdout).text(), dataDir: temp.dir }
}
