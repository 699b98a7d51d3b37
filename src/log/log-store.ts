/**
 * The storage behind the request log. SQLite implements it today; a PostgreSQL store for several
 * instances would implement the same five methods and nothing in the proxy would change.
 */
import type { LogEntry, LogFilter, LogPage, StatsParams } from './log-query.ts'
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
  costUsd: number
}

export type RetentionPolicy = { maxAgeDays: number; maxBytes: number }

/**
 * Writes may finish later than the call (the SQLite writer thread, a network database); reads are
 * synchronous because the API answers from them directly.
 */
export interface LogStore {
  /** Writes all rows or none (one transaction); throws or rejects on storage errors, the writer counts them. */
  insertBatch(rows: readonly RequestLogRow[]): void | Promise<void>
  query(filter: LogFilter): LogPage
  get(requestId: string, tokenId?: string): LogEntry | undefined
  samples(params: StatsParams): StatsSample[]
  /** Deletes old rows in small batches and returns the space; resolves to the number deleted. */
  prune(policy: RetentionPolicy, now: number): number | Promise<number>
  close(): void | Promise<void>
  /** Seconds spent writing on another thread, when the store has one (for /metrics). */
  busySeconds?(): number
}
