/**
 * Upstream OpenAI-style error → BridgeError carrying the upstream message. Compatible servers
 * vary: `{error:{message,type,code}}` (OpenAI; OpenRouter with a numeric code), `{error:"..."}`,
 * `{detail:"..."}` (FastAPI/vLLM), `{message:"..."}`, or plain text.
 * @see ../../../../../shared/protocols/openai-chat.md §11
 * @see ../../../../../shared/protocols/mapping.md §9
 */
import { BridgeError, type BridgeErrorInit } from '../../errors.ts'
import { isObject, optionalString } from './narrow.ts'
import { readRetryAfterSeconds } from './read-retry-after.ts'

/** Phrasings of "prompt too long" from OpenAI, DeepSeek, Groq, OpenRouter, vLLM and Ollama. */
const CONTEXT_LENGTH = /maximum context length|context length|context window|too many tokens|prompt is too long|reduce the length|input is too long/i

type UpstreamErrorFacts = { message: string; type?: string; code?: string }

export function readUpstreamError(body: unknown): UpstreamErrorFacts {
  if (typeof body === 'string') return { message: body.trim() === '' ? 'Upstream error with an empty body' : body.slice(0, 2000) }
  if (!isObject(body)) return { message: 'Upstream error with an unreadable body' }
  const inner = body.error
  if (isObject(inner)) {
    const facts: UpstreamErrorFacts = { message: optionalString(inner.message) ?? JSON.stringify(inner).slice(0, 2000) }
    const type = optionalString(inner.type)
    const code = typeof inner.code === 'number' ? String(inner.code) : optionalString(inner.code)
    if (type !== undefined) facts.type = type
    if (code !== undefined) facts.code = code
    return facts
  }
  const message = optionalString(inner) ?? optionalString(body.detail) ?? optionalString(body.message)
  return { message: message ?? JSON.stringify(body).slice(0, 2000) }
}

export function decodeOpenaiError(status: number, body: unknown, headers: Headers): BridgeError {
  const facts = readUpstreamError(body)
  const init = classify(status, facts)
  const retryAfter = readRetryAfterSeconds(headers)
  if (retryAfter !== undefined && (init.kind === 'rate-limit' || init.kind === 'overloaded')) init.retryAfterSeconds = retryAfter
  return new BridgeError(init)
}

export function isContextLengthError(facts: UpstreamErrorFacts): boolean {
  return facts.code === 'context_length_exceeded' || CONTEXT_LENGTH.test(facts.message)
}

function classify(status: number, facts: UpstreamErrorFacts): BridgeErrorInit {
  const base = { message: redactKeys(facts.message), upstreamStatus: status }
  if ((status === 400 || status === 413 || status === 422) && isContextLengthError(facts)) {
    return { ...base, kind: 'context-length', code: 'UPSTREAM_ERROR', status: 400 }
  }
  // Azure refuses a prompt its content filter flags with a 400 (azure-error-400-content-filter.json).
  if (status === 400 && facts.code === 'content_filter') return { ...base, kind: 'invalid-request', code: 'UPSTREAM_ERROR', status, refusal: true }
  if (status === 401) return { ...base, kind: 'authentication', code: 'UPSTREAM_ERROR', status }
  if (status === 403) return { ...base, kind: 'permission', code: 'UPSTREAM_ERROR', status }
  if (status === 404) return { ...base, kind: 'not-found', code: 'UPSTREAM_ERROR', status }
  if (status === 413) return { ...base, kind: 'request-too-large', code: 'UPSTREAM_ERROR', status }
  if (status === 429) {
    // Quota exhaustion is not cured by waiting; retrying only bills the user's patience.
    const quota = facts.code === 'insufficient_quota' || facts.type === 'insufficient_quota'
    return { ...base, kind: 'rate-limit', code: 'RATE_LIMITED', status, retryable: !quota }
  }
  if (status === 408 || status === 504) return { ...base, kind: 'upstream-timeout', code: 'UPSTREAM_TIMEOUT', status: 504, retryable: true }
  if (status === 503 || status === 529) return { ...base, kind: 'overloaded', code: 'UPSTREAM_ERROR', status: 503, retryable: true }
  if (status >= 500) return { ...base, kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, retryable: true }
  return { ...base, kind: 'invalid-request', code: 'UPSTREAM_ERROR', status: status >= 400 ? status : 502 }
}

/** Upstreams echo (partly masked) keys back: "Incorrect API key provided: sk-proj-abc…". */
export function redactKeys(message: string): string {
  return message.replace(/\b(sk|rk|pk|gsk|xai|key)[-_][A-Za-z0-9_\-*.]{6,}/g, '$1-***')
}

/** An `{"error":{...}}` payload inside an HTTP 200 stream; a numeric `code` is taken as the status. */
export function decodeStreamErrorPayload(payload: unknown): BridgeError {
  const inner = isObject(payload) && isObject(payload.error) ? payload.error : {}
  const status = typeof inner.code === 'number' && inner.code >= 400 && inner.code < 600 ? inner.code : 500
  return decodeOpenaiError(status, payload, new Headers())
}
