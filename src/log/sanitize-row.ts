/** What a queued row goes through before storage: secrets out, bodies capped or dropped, cost filled in. */
import type { PriceLookup } from './compute-cost.ts'
import { computeCostUsd } from './compute-cost.ts'
import { redactBody, redactText } from './redact.ts'
import type { RequestLogRow } from './request-log-row.ts'

export const BODY_CAP_CHARS = 64 * 1024

export type SanitizeOptions = { logBodies: boolean; prices?: PriceLookup; bodyCapChars?: number }

export function sanitizeRow(row: RequestLogRow, secrets: readonly string[], options: SanitizeOptions): RequestLogRow {
  const clean: RequestLogRow = { ...row, path: redactText(row.path, secrets) }
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
