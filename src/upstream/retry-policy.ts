/**
 * When to retry an upstream answer and how long to wait first.
 * Retried: 408, 429, 500, 502, 503, 504, 529 and connection failures. Never the client's own
 * mistakes (400/401/403/404/413/422): the same request would fail the same way, and billing
 * errors (OpenAI `insufficient_quota`, Anthropic `billing_error`) are not cured by waiting.
 * @see ../../../shared/LESSONS.md #19
 * @see ../../../shared/protocols/mapping.md §9
 */

export type RetrySettings = {
  /** Total attempts including the first; 1 disables retries. */
  maxAttempts: number
  /** Upper bound of one wait, whether from backoff or from the upstream's retry-after. */
  maxDelayMs: number
  /** First backoff window; doubles on every attempt (full jitter picks within it). */
  baseDelayMs: number
  /** No retry is started (and no wait extends) past this many ms after the first attempt began. */
  deadlineMs: number
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxAttempts: 3,
  maxDelayMs: 30_000,
  baseDelayMs: 500,
  deadlineMs: 120_000,
}

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504, 529])

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status)
}

/** Quota/billing exhaustion looks like a 429 (OpenAI) or 400/402 (Anthropic) but never clears by itself. */
const QUOTA_MARKERS = /"(insufficient_quota|billing_error|billing_not_active)"/

export function isQuotaError(bodyText: string): boolean {
  return QUOTA_MARKERS.test(bodyText)
}

/** Whether an upstream answer with this status and body is worth another attempt. */
export function shouldRetryResponse(status: number, bodyText: string): boolean {
  return isRetryableStatus(status) && !isQuotaError(bodyText)
}

/**
 * The upstream's own wait hint in ms: `retry-after-ms` (OpenAI, Azure), then `retry-after` as
 * seconds or an HTTP date. Undefined when absent or unparseable; never negative.
 */
export function readRetryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const milliseconds = parseNonNegative(headers.get('retry-after-ms'))
  if (milliseconds !== undefined) return milliseconds
  const value = headers.get('retry-after')
  if (value === null) return undefined
  const seconds = parseNonNegative(value)
  if (seconds !== undefined) return seconds * 1000
  // An HTTP date names its month; bare numbers ("-3") would otherwise parse as odd years.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined
}

function parseNonNegative(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const number = Number(value)
  return Number.isFinite(number) && number >= 0 ? number : undefined
}

/**
 * Exponential backoff with full jitter (a uniform pick in [0, min(cap, base·2^(n−1))]), so
 * clients that failed together do not retry together. `failedAttempt` counts from 1.
 */
export function backoffDelayMs(failedAttempt: number, settings: RetrySettings, random: () => number): number {
  const window = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1))
  return Math.floor(random() * window)
}

/** The wait before the next attempt: the upstream's hint when given (capped), else backoff. */
export function nextDelayMs(
  failedAttempt: number,
  retryAfterMs: number | undefined,
  settings: RetrySettings,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, settings.maxDelayMs)
  return backoffDelayMs(failedAttempt, settings, random)
}

/** Server-wide settings overlaid with a URL's own `retry` object; invalid values fall back. */
export function resolveRetrySettings(
  server: Partial<RetrySettings> | undefined,
  perUrl: Partial<RetrySettings> | undefined,
): RetrySettings {
  const merged = { ...DEFAULT_RETRY_SETTINGS, ...pickValid(server), ...pickValid(perUrl) }
  return { ...merged, maxAttempts: Math.max(1, Math.floor(merged.maxAttempts)) }
}

function pickValid(settings: Partial<RetrySettings> | undefined): Partial<RetrySettings> {
  const valid: Partial<RetrySettings> = {}
  if (settings === undefined) return valid
  for (const key of ['maxAttempts', 'maxDelayMs', 'baseDelayMs', 'deadlineMs'] as const) {
    const value = settings[key]
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) valid[key] = value
  }
  return valid
}
