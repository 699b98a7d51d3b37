/**
 * BridgeError → google.rpc.Status `{error:{code,message,status}}`, the shape the Gemini SDK and
 * Gemini CLI read (they raise ApiError with the status and message), with the bridge's fields
 * beside it (LESSONS #14). A retry hint also goes in the body as RetryInfo, where Gemini clients
 * look for it, besides the retry-after header.
 * @see ../../../../../shared/protocols/gemini.md §9
 * @see ../../../../../shared/protocols/mapping.md §9.1, §9.3
 */
import type { BridgeError } from '../../errors.ts'
import { bridgeErrorFields } from '../bridge-error-fields.ts'
import type { EncodedError, ErrorMeta } from '../codec.ts'
import type { WireStatus } from './wire.ts'

const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ABORTED',
  413: 'INVALID_ARGUMENT', 429: 'RESOURCE_EXHAUSTED', 499: 'CANCELLED', 500: 'INTERNAL', 501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
}

function rpcStatus(status: number): string {
  return RPC_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : status >= 400 ? 'FAILED_PRECONDITION' : 'UNKNOWN')
}

/** Gemini's own context-length wording, which Gemini clients recognise (LESSONS #8). */
const CONTEXT_LENGTH = /exceeds the maximum number of tokens/i
const CONTEXT_LENGTH_PREFIX = 'The input token count exceeds the maximum number of tokens allowed: '

function messageOf(error: BridgeError): string {
  return error.kind === 'context-length' && !CONTEXT_LENGTH.test(error.message) ? CONTEXT_LENGTH_PREFIX + error.message : error.message
}

/** The Status object alone: also the in-stream error chunk (mapping.md §9.3). */
export function encodeStatus(error: BridgeError, status = error.status): WireStatus {
  const wire: WireStatus = { error: { code: status, message: messageOf(error), status: rpcStatus(status) } }
  if (error.retryAfterSeconds !== undefined) {
    wire.error.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${error.retryAfterSeconds}s` }]
  }
  return wire
}

export function encodeGeminiError(error: BridgeError, meta: ErrorMeta): EncodedError {
  const status = error.kind === 'context-length' ? 400 : error.status
  const body = { ...encodeStatus(error, status), ...bridgeErrorFields(error, meta, messageOf(error)) }
  const headers: Record<string, string> = {}
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds)
  return { status, body, headers }
}
