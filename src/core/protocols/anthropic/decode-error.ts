/**
 * Upstream Anthropic error body → BridgeError with the upstream's own message.
 * @see ../../../../../shared/protocols/anthropic-messages.md §13
 * @see ../../../../../shared/protocols/mapping.md §9
 */
import { BridgeError, type ErrorCode, type ErrorKind } from '../../errors.ts'
import { isObject, stringOrUndefined } from '../read-json.ts'

const KIND_OF_TYPE: Record<string, ErrorKind> = {
  invalid_request_error: 'invalid-request',
  authentication_error: 'authentication',
  billing_error: 'permission',
  permission_error: 'permission',
  not_found_error: 'not-found',
  request_too_large: 'request-too-large',
  rate_limit_error: 'rate-limit',
  api_error: 'upstream',
  timeout_error: 'upstream-timeout',
  overloaded_error: 'overloaded',
}

/** In-stream errors (HTTP 200): README's status for the code each kind becomes (UPSTREAM_ERROR is 502). */
const STATUS_OF_KIND: Partial<Record<ErrorKind, number>> = {
  'invalid-request': 400, authentication: 401, permission: 403, 'not-found': 404, 'request-too-large': 413,
  'rate-limit': 429, upstream: 502, 'upstream-timeout': 504, overloaded: 502,
}

/** Anthropic's wording for a context overflow; Claude Code auto-compacts on it (LESSONS #8). */
const CONTEXT_LENGTH = /prompt is too long|context window|context length/i

function kindOfStatus(status: number): ErrorKind {
  if (status === 401) return 'authentication'
  if (status === 402 || status === 403) return 'permission'
  if (status === 404) return 'not-found'
  if (status === 413) return 'request-too-large'
  if (status === 429) return 'rate-limit'
  if (status === 529 || status === 503) return 'overloaded'
  if (status === 408 || status === 504) return 'upstream-timeout'
  if (status >= 500) return 'upstream'
  return 'invalid-request'
}

/** retry-after-ms (SDK extension) first, then retry-after in seconds or as an HTTP date. */
export function readRetryAfter(headers: Headers): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms') ?? Number.NaN)
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.ceil(milliseconds / 1000)
  const value = headers.get('retry-after')
  if (value === null || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(Math.ceil((date - Date.now()) / 1000), 0)
}

function codeOf(kind: ErrorKind): ErrorCode {
  if (kind === 'rate-limit') return 'RATE_LIMITED'
  if (kind === 'upstream-timeout') return 'UPSTREAM_TIMEOUT'
  return 'UPSTREAM_ERROR'
}

/** `status` 200 = an in-stream `event: error` (the kind then comes from error.type alone). */
export function decodeAnthropicError(status: number, body: unknown, headers: Headers): BridgeError {
  const error = isObject(body) && isObject(body.error) ? body.error : undefined
  const type = stringOrUndefined(error?.type)
  const message = stringOrUndefined(error?.message) ?? (typeof body === 'string' && body.trim() !== '' ? body.slice(0, 2000) : `Upstream error (HTTP ${status})`)
  let kind: ErrorKind = type !== undefined && type in KIND_OF_TYPE ? KIND_OF_TYPE[type]! : status >= 400 ? kindOfStatus(status) : 'upstream'
  if (kind === 'invalid-request' && CONTEXT_LENGTH.test(message)) kind = 'context-length'
  const retryable = kind === 'rate-limit' || kind === 'overloaded' || kind === 'upstream' || kind === 'upstream-timeout'
  const init: ConstructorParameters<typeof BridgeError>[0] = {
    kind,
    code: codeOf(kind),
    status: status >= 400 ? status : (STATUS_OF_KIND[kind] ?? 502),
    message,
    retryable: type === 'billing_error' ? false : retryable,
  }
  if (status >= 400) init.upstreamStatus = status
  const retryAfter = readRetryAfter(headers)
  if (retryAfter !== undefined) init.retryAfterSeconds = retryAfter
  return new BridgeError(init)
}
