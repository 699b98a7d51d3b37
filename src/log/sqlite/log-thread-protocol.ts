/**
 * The messages between the proxy's thread and a log thread (log-thread.ts). The log runs two:
 * the writer (batches, retention) and the reader (the API's queries), each with its own connection.
 */
import type { LogEntry, LogFilter, LogPage, Stats, StatsParams } from '../log-query.ts'
import type { RetentionPolicy } from '../log-store.ts'

export type LogThreadRequest =
  /** create: the writer may create the file (it was deleted: logging starts again); the reader may not. */
  | { kind: 'open'; id: number; path: string; pragmas: readonly string[]; create: boolean }
  /** Rows as JSON text: one string crosses the thread boundary cheaper than a structured clone of objects. */
  | { kind: 'insert'; id: number; rows: string }
  /** One bounded part of a retention run; batches queued meanwhile are stored between steps. */
  | { kind: 'prune-step'; id: number; policy: RetentionPolicy; now: number; maxBatches: number }
  | { kind: 'compact'; id: number }
  | { kind: 'pragma'; id: number; statement: string }
  | { kind: 'query'; id: number; filter: LogFilter }
  | { kind: 'get'; id: number; requestId: string; tokenId: string | undefined }
  | { kind: 'stats'; id: number; params: StatsParams }
  | { kind: 'close'; id: number }

/** What the thread answers each kind of request with. */
export type LogThreadResults = {
  open: undefined
  insert: undefined
  'prune-step': { deleted: number; done: boolean }
  compact: undefined
  pragma: undefined
  query: LogPage
  get: LogEntry | undefined
  stats: Stats
  close: undefined
}

export type LogThreadReply =
  /** seconds: CPU time the thread spent on the request; value: LogThreadResults[kind of the request]. */
  | { id: number; ok: true; seconds: number; value: unknown }
  /** code and message only: never row content. */
  | { id: number; ok: false; code: string | undefined; message: string }
