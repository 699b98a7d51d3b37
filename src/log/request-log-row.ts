/**
 * One row per proxied request, however it ends. Never holds a token or a key: a URL is named by
 * its token id and label.
 */
import type { TranslationWarning, Usage } from '../core/model/index.ts'

export type RequestLogRow = {
  requestId: string
  /** Unix milliseconds. */
  startedAt: number
  tokenId?: string
  label?: string
  sourceProtocol?: string
  targetProtocol?: string
  provider?: string
  endpointGroup?: string
  method: string
  /** Upstream path without query string secrets. */
  path: string
  clientModel?: string
  upstreamModel?: string
  stream: boolean
  status: number
  errorCode?: string
  errorMessage?: string
  upstreamStatus?: number
  attempts: number
  durationMs: number
  ttfbMs?: number
  usage?: Usage
  /**
   * The bridge's local estimate of the prompt it sent (translated chat), beside usage.inputTokens:
   * what the token counts' per-model calibration learns from.
   */
  inputTokensEstimate?: number
  costUsd?: number
  warnings: TranslationWarning[]
  userAgent?: string
  bytesIn: number
  bytesOut: number
  requestBody?: string
  responseBody?: string
}

/** Secrets the caller knows for this request (the upstream key): scrubbed by exact value. Never stored. */
export type RecordOptions = { redact?: readonly string[] }

/** What the proxy writes to; the SQLite store implements it, tests may collect rows in memory. */
export interface RequestLogSink {
  /** Must not block or throw: rows are queued and written off the hot path. */
  record(row: RequestLogRow, options?: RecordOptions): void
}
