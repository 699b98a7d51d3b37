/**
 * BridgeError → Anthropic error body, so the official SDK raises its typed error (RateLimitError,
 * BadRequestError, …) with the real message, plus the bridge's fields beside it (LESSONS #14).
 * A context overflow from ANY upstream becomes 400 invalid_request_error "prompt is too long: …",
 * the form Claude Code auto-compacts on (LESSONS #8).
 * @see ../../../../../shared/protocols/mapping.md §9.1
 */
import type { BridgeError, ErrorKind } from '../../errors.ts'
import { bridgeErrorFields } from '../bridge-error-fields.ts'
import type { EncodedError, ErrorMeta } from '../codec.ts'
import type { WireErrorType } from './wire.ts'

const TYPE_OF_KIND: Record<ErrorKind, WireErrorType> = {
  'invalid-request': 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  'not-found': 'not_found_error',
  'request-too-large': 'request_too_large',
  'context-length': 'invalid_request_error',
  'rate-limit': 'rate_limit_error',
  overloaded: 'overloaded_error',
  upstream: 'api_error',
  'upstream-timeout': 'timeout_error',
  'unsupported-endpoint': 'not_found_error',
  internal: 'api_error',
}

/**
 * Otherwise the status is the error's own (README's table, the same for every client protocol):
 * `overloaded_error` travels with it (503 when retries ran out), never as a 529, which would make
 * the SDK raise OverloadedError for what the bridge did not say. A 529 is passthrough's only.
 */
const STATUS_OF_KIND: Partial<Record<ErrorKind, number>> = { 'context-length': 400, 'rate-limit': 429 }

const PROMPT_TOO_LONG = 'prompt is too long: '

export function anthropicErrorPayload(error: BridgeError): { type: 'error'; error: { type: WireErrorType; message: string } } {
  let type = TYPE_OF_KIND[error.kind]
  if (error.kind === 'permission' && (error.status === 402 || error.upstreamStatus === 402)) type = 'billing_error'
  const message = error.kind === 'context-length' && !error.message.toLowerCase().startsWith(PROMPT_TOO_LONG)
    ? PROMPT_TOO_LONG + error.message
    : error.message
  return { type: 'error', error: { type, message } }
}

export function encodeAnthropicError(error: BridgeError, meta: ErrorMeta): EncodedError {
  const status = STATUS_OF_KIND[error.kind] ?? error.status
  const payload = anthropicErrorPayload(error)
  const body = { ...payload, ...bridgeErrorFields(error, meta, payload.error.message) }
  const headers: Record<string, string> = {}
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds)
  return { status, body, headers }
}
