/**
 * The storage behind the request log. SQLite implements it today; a PostgreSQL store for several
 * instances would implement the same five methods and nothing in the proxy would change.
 */
import type { LogEntry, LogFilter, LogPage, Stats, StatsParams } from './log-query.ts'
import type { RequestLogRow } from './request-log-row.ts'

/** What stats need from each row in the window. */
export type StatsSample = {
  startedAt: number
  provider: string | null
  model: string | null
  status: number
  durationMs: number
  ttfbMs: number | null
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
  /** null when no price was known for the row's model. */
  costUsd: number | null
}

export type RetentionPolicy = { maxAgeDays: number; maxBytes: number }

/**
 * Writes and reads may finish later than the call: the SQLite store runs both on threads of their
 * own (a network database would answer later too).
 */
export interface LogStore {
  /** Writes all rows or none (one transaction); throws or rejects on storage errors, the writer counts them. */
  insertBatch(rows: readonly RequestLogRow[]): void | Promise<void>
  query(filter: LogFilter): LogPage | Promise<LogPage>
  get(requestId: string, tokenId?: string): LogEntry | undefined | Promise<LogEntry | undefined>
  /** computeStats over the window's rows, or the same figures computed where the rows are. */
  stats(params: StatsParams): Stats | Promise<Stats>
  /** Deletes old rows in small batches and returns the space; resolves to the number deleted. */
  prune(policy: RetentionPolicy, now: number): number | Promise<number>
  close(): void | Promise<void>
  /** Seconds spent writing on another thread, when the store has one (for /metrics). */
  busySeconds?(): number
  /** Seconds spent answering reads on another thread, when the store has one (for /metrics). */
  readSeconds?(): number
}
