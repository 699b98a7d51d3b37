/**
 * Upstream Responses errors → BridgeError. An HTTP error body is OpenAI's `{error:{message,type,
 * param,code}}` (same as Chat, decoded by the OpenAI codec). Inside an HTTP 200 stream a failure
 * comes as an `error` event (code/message at the top level, or nested under `error` as in
 * openai-error-midstream-insufficient-quota.chunks.txt) and/or `response.failed` with
 * `response.error`; the status is then inferred from the code.
 * @see ../../../../../shared/protocols/openai-responses.md §8.6
 */
import type { BridgeError } from '../../errors.ts'
import { decodeOpenaiError } from '../openai/decode-error.ts'
import { isObject, optionalString } from '../openai/narrow.ts'

export function decodeOpenaiResponsesError(status: number, body: unknown, headers: Headers): BridgeError {
  return decodeOpenaiError(status, body, headers)
}

const STATUS_BY_CODE: Record<string, number> = {
  rate_limit_exceeded: 429,
  insufficient_quota: 429,
  context_length_exceeded: 400,
  invalid_prompt: 400,
  vector_store_timeout: 504,
  server_error: 500,
}

/** An `error` event's payload, or a failed response's `error` object. */
export function decodeStreamFailure(payload: unknown, fallbackMessage: string): BridgeError {
  const source = isObject(payload) && isObject(payload.error) ? payload.error : isObject(payload) ? payload : {}
  const code = typeof source.code === 'number' ? String(source.code) : optionalString(source.code)
  const type = optionalString(source.type)
  const message = optionalString(source.message) ?? fallbackMessage
  const status = (code !== undefined ? STATUS_BY_CODE[code] : undefined) ?? statusOfCode(code ?? type)
  const error: Record<string, unknown> = { message }
  if (code !== undefined) error.code = code
  if (type !== undefined) error.type = type
  return decodeOpenaiError(status, { error }, new Headers())
}

function statusOfCode(code: string | undefined): number {
  if (code === undefined) return 500
  if (/^(invalid|image|empty|unsupported|failed_to_download|bio_policy|misalignment)/.test(code)) return 400
  return STATUS_BY_CODE[code] ?? 500
}
