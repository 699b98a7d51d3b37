/**
 * BridgeError → OpenAI error body `{error:{message,type,param,code}}` with the bridge fields
 * beside it, so the official SDK raises its typed error (by HTTP status) with our message.
 * A context-length error becomes `context_length_exceeded` with 400 (LESSONS #8).
 * @see ../../../../../shared/protocols/openai-chat.md §11
 * @see ../../../../../shared/protocols/mapping.md §9.1
 */
import type { BridgeError, ErrorKind } from '../../errors.ts'
import { bridgeErrorFields } from '../bridge-error-fields.ts'
import type { EncodedError, ErrorMeta } from '../codec.ts'
import type { WireError } from './wire.ts'

const SHAPE: Record<ErrorKind, { type: string; code: string | null }> = {
  'invalid-request': { type: 'invalid_request_error', code: null },
  authentication: { type: 'invalid_request_error', code: 'invalid_api_key' },
  permission: { type: 'permission_error', code: 'permission_denied' },
  'not-found': { type: 'invalid_request_error', code: 'not_found' },
  'request-too-large': { type: 'invalid_request_error', code: 'request_too_large' },
  'context-length': { type: 'invalid_request_error', code: 'context_length_exceeded' },
  'rate-limit': { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  overloaded: { type: 'server_error', code: 'service_unavailable' },
  upstream: { type: 'server_error', code: null },
  'upstream-timeout': { type: 'server_error', code: 'timeout' },
  'unsupported-endpoint': { type: 'invalid_request_error', code: 'unsupported_endpoint' },
  internal: { type: 'server_error', code: null },
}

export function encodeErrorObject(error: BridgeError): WireError['error'] {
  const shape = SHAPE[error.kind]
  return { message: error.message, type: shape.type, param: null, code: shape.code }
}

export function encodeOpenaiError(error: BridgeError, meta: ErrorMeta): EncodedError {
  const status = error.kind === 'context-length' ? 400 : error.status
  const body = { error: encodeErrorObject(error), ...bridgeErrorFields(error, meta) }
  const headers: Record<string, string> = {}
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds)
  // The SDK obeys x-should-retry before the status: a quota error must not be retried.
  if (!error.retryable && (status === 429 || status >= 500)) headers['x-should-retry'] = 'false'
  return { status, body, headers }
}
