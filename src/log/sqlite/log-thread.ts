/**
 * A request-log thread: it owns one SQLite connection and answers requests in the order they
 * arrive. The writer's (batches of rows, retention) keeps transactions, WAL checkpoints and
 * fsyncs off the proxy's thread, so a request never waits for the disk; the reader's keeps the
 * API's queries there too, so a filter that scans a large log or a month of stats never stalls
 * the requests in flight.
 */
import type { LogThreadReply, LogThreadRequest, LogThreadResults } from './log-thread-protocol.ts'
import { SqliteLogStore } from './sqlite-store.ts'
import type { RequestLogRow } from '../request-log-row.ts'
import { errorCodeOf } from '../error-code.ts'
import { threadCpuSeconds } from '../thread-cpu.ts'

declare const self: Worker

/** Stats over at least this many rows are followed by a full GC of this thread's heap. */
const LARGE_WINDOW_ROWS = 20_000

let collectAfterReply = false
let store: SqliteLogStore | undefined
let target: { path: string; pragmas: readonly string[]; create: boolean } | undefined

self.onmessage = (event: MessageEvent<LogThreadRequest>) => {
  const request = event.data
  let reply: LogThreadReply
  try {
    const started = threadCpuSeconds()
    const value = handle(request)
    reply = { id: request.id, ok: true, seconds: threadCpuSeconds() - started, value }
  } catch (error) {
    reply = { id: request.id, ok: false, ...describe(error) }
  }
  self.postMessage(reply)
  if (collectAfterReply) {
    // The window's rows streamed through as short-lived objects; collected now (after the answer
    // is on its way), the thread's heap shrinks back at once: 300,000 rows left ~+90 MiB of RSS
    // until the thread's idle stop.
    collectAfterReply = false
    Bun.gc(true)
  }
}

function handle(request: LogThreadRequest): LogThreadResults[LogThreadRequest['kind']] {
  if (request.kind === 'open') {
    target = { path: request.path, pragmas: request.pragmas, create: request.create }
    open()
    return undefined
  }
  if (request.kind === 'close') {
    store?.close()
    store = undefined
    target = undefined
    return undefined
  }
  // A database that could not be opened (locked past the busy timeout, a full disk) is tried
  // again with each request, so the log recovers without a restart.
  const connection = store ?? open()
  switch (request.kind) {
    case 'insert':
      connection.insertBatch(JSON.parse(request.rows) as RequestLogRow[])
      return undefined
    case 'prune-step':
      return connection.pruneStep(request.policy, request.now, request.maxBatches)
    case 'compact':
      connection.compact()
      return undefined
    case 'pragma':
      connection.database.run(`PRAGMA ${request.statement}`)
      return undefined
    case 'query':
      return connection.query(request.filter)
    case 'get':
      return connection.get(request.requestId, request.tokenId)
    case 'stats': {
      const stats = connection.stats(request.params)
      collectAfterReply = stats.totals.requests >= LARGE_WINDOW_ROWS
      return stats
    }
  }
}

function open(): SqliteLogStore {
  if (target === undefined) throw new Error('the log database is closed')
  const opened = new SqliteLogStore(target.path, { create: target.create })
  try {
    for (const pragma of target.pragmas) opened.database.run(`PRAGMA ${pragma}`)
  } catch (error) {
    opened.close()
    throw error
  }
  store = opened
  return opened
}

function describe(error: unknown): { code: string | undefined; message: string } {
  return { code: errorCodeOf(error), message: error instanceof Error ? error.message : String(error) }
}
