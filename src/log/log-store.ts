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

export interface LogStore {
  /** Writes all rows or none (one transaction); throws on storage errors, the writer counts them. */
  insertBatch(rows: readonly RequestLogRow[]): void
  query(filter: LogFilter): LogPage
  get(requestId: string, tokenId?: string): LogEntry | undefined
  samples(params: StatsParams): StatsSample[]
  /** Deletes old rows in small batches and returns the space; resolves to the number deleted. */
  prune(policy: RetentionPolicy, now: number): number
  close(): void
}
