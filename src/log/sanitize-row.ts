/** What a queued row goes through before storage: secrets out, bodies capped or dropped, cost filled in. */
import type { PriceLookup } from './compute-cost.ts'
import { computeCostUsd } from './compute-cost.ts'
import { redactBody, redactText } from './redact.ts'
import type { RequestLogRow } from './request-log-row.ts'

export const BODY_CAP_CHARS = 64 * 1024

export type SanitizeOptions = { logBodies: boolean; prices?: PriceLookup; bodyCapChars?: number }

/** Columns SQLite requires (NOT NULL) that a NaN or an Infinity would leave empty. */
const REQUIRED_NUMBERS = ['startedAt', 'status', 'attempts', 'durationMs', 'bytesIn', 'bytesOut'] as const

export function sanitizeRow(row: RequestLogRow, secrets: readonly string[], options: SanitizeOptions): RequestLogRow {
  const clean: RequestLogRow = { ...row, path: redactText(row.path, secrets) }
  // A row SQLite refuses would fail its whole batch again at every retry and stop the log: a
  // number that is not finite (it would cross to the writer thread as JSON null) is stored as 0,
  // a start time as now (0 would date it 1970, and retention would delete it at once).
  for (const key of REQUIRED_NUMBERS) if (!Number.isFinite(clean[key])) clean[key] = key === 'startedAt' ? Date.now() : 0
  if (row.errorMessage !== undefined) clean.errorMessage = redactText(row.errorMessage, secrets)
  if (row.userAgent !== undefined) clean.userAgent = redactText(row.userAgent, secrets)
  const cap = options.bodyCapChars ?? BODY_CAP_CHARS
  for (const key of ['requestBody', 'responseBody'] as const) {
    const body = row[key]
    if (body === undefined) continue
    if (options.logBodies) clean[key] = redactBody(body, secrets, cap)
    else delete clean[key]
  }
  if (clean.costUsd === undefined && clean.usage && options.prices) {
    const price = options.prices(clean.provider, clean.upstreamModel ?? clean.clientModel)
    if (price) clean.costUsd = computeCostUsd(clean.usage, price)
  }
  return clean
}
