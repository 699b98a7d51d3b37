/**
 * The read side of the log, independent of the store: filters, pages and stats shapes shared by
 * the store, the HTTP API and the console.
 */
import type { RequestLogRow } from './request-log-row.ts'

export type LogFilter = {
  /** Unix ms, inclusive. */
  from?: number
  /** Unix ms, exclusive. */
  to?: number
  tokenId?: string
  provider?: string
  /** Matches the client's or the upstream model exactly. */
  model?: string
  /** Exact status (404) or a class ('4xx'). */
  status?: number | `${1 | 2 | 3 | 4 | 5}xx`
  errorCode?: string
  /** Substring of the models, the user agent or the URL's label. */
  q?: string
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string
  /** 1..200, default 50. */
  limit?: number
}

/** A row as the API shows it: bodies only on the single-row read. */
export type LogEntry = RequestLogRow

export type LogPage = { rows: LogEntry[]; nextCursor?: string }

export type StatsBucket = 'minute' | 'hour' | 'day'

export type StatsParams = { from: number; to: number; bucket: StatsBucket; tokenId?: string }

/** Aggregates over a set of rows; an error is a status >= 400 (client aborts, 499, included). */
export type StatsFigures = {
  requests: number
  errors: number
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  ttfbP50Ms: number | null
  ttfbP95Ms: number | null
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
  /** Sum over the rows with a known price; the others are counted in unpricedRequests. */
  costUsd: number
  /** Rows whose model has no known price: their cost is unknown, not zero. */
  unpricedRequests: number
}

export type Stats = {
  from: number
  to: number
  bucket: StatsBucket
  totals: StatsFigures
  /** Only buckets that hold rows, oldest first; `start` is the bucket's Unix ms. */
  buckets: Array<StatsFigures & { start: number }>
  /** Keyed by provider and the upstream model (the client's when no upstream model is known). */
  models: Array<StatsFigures & { provider: string | null; model: string | null }>
}

export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 200
