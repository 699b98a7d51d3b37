/**
 * Upstream Gemini error (google.rpc.Status: `{error:{code,message,status,details}}`, or text from
 * an edge proxy) → BridgeError with the upstream message. The retry hint is in the body, not in
 * a header: `RetryInfo.retryDelay` ("34.4s"). An invalid API key is a 400 with reason
 * API_KEY_INVALID, made an authentication error here.
 * @see ../../../../../shared/protocols/gemini.md §9
 * @see ../../../../../shared/protocols/mapping.md §9
 */
import { BridgeError, type BridgeErrorInit } from '../../errors.ts'
import { arrayOrEmpty, isObject, numberOrUndefined, stringOrUndefined, type JsonObject } from './read-json.ts'

/** "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)." */
const CONTEXT_LENGTH = /input token count.*exceeds|exceeds the maximum number of tokens|context window|too many tokens|prompt is too long/i

type UpstreamErrorFacts = { message: string; status?: string; details: JsonObject[] }

function readUpstreamError(body: unknown): UpstreamErrorFacts {
  if (typeof body === 'string') return { message: body.trim() === '' ? 'Upstream error with an empty body' : body.slice(0, 2000), details: [] }
  const inner = isObject(body) && isObject(body.error) ? body.error : undefined
  if (inner === undefined) return { message: isObject(body) ? JSON.stringify(body).slice(0, 2000) : 'Upstream error with an unreadable body', details: [] }
  const facts: UpstreamErrorFacts = {
    message: stringOrUndefined(inner.message) ?? JSON.stringify(inner).slice(0, 2000),
    details: arrayOrEmpty(inner.details).filter(isObject),
  }
  const status = stringOrUndefined(inner.status)
  if (status !== undefined) facts.status = status
  return facts
}

/** `"34.4s"` → 35; undefined when there is no RetryInfo. */
export function readRetryDelaySeconds(details: readonly JsonObject[]): number | undefined {
  for (const detail of details) {
    const delay = stringOrUndefined(detail.retryDelay)
    const match = delay === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(delay)
    if (match) return Math.ceil(Number(match[1]))
  }
  return undefined
}

function hasReason(details: readonly JsonObject[], reason: string): boolean {
  return details.some((detail) => detail.reason === reason)
}

/** Per-day quotas are not cured by a retry within the request. */
function isDailyQuota(details: readonly JsonObject[]): boolean {
  return details.some((detail) => arrayOrEmpty(detail.violations).some((violation) => isObject(violation) && /PerDay/i.test(String(violation.quotaId ?? ''))))
}

function classify(status: number, facts: UpstreamErrorFacts): BridgeErrorInit {
  const base = { message: redactKeys(facts.message), upstreamStatus: status }
  if (hasReason(facts.details, 'API_KEY_INVALID') || status === 401 || facts.status === 'UNAUTHENTICATED') {
    return { ...base, kind: 'authentication', code: 'UPSTREAM_ERROR', status: 401 }
  }
  if ((status === 400 || status === 413) && CONTEXT_LENGTH.test(facts.message)) return { ...base, kind: 'context-length', code: 'UPSTREAM_ERROR', status: 400 }
  if (status === 403) return { ...base, kind: 'permission', code: 'UPSTREAM_ERROR', status }
  if (status === 404) return { ...base, kind: 'not-found', code: 'UPSTREAM_ERROR', status }
  if (status === 413) return { ...base, kind: 'request-too-large', code: 'UPSTREAM_ERROR', status }
  if (status === 429) return { ...base, kind: 'rate-limit', code: 'RATE_LIMITED', status, retryable: !isDailyQuota(facts.details) }
  if (status === 408 || status === 504) return { ...base, kind: 'upstream-timeout', code: 'UPSTREAM_TIMEOUT', status: 504, retryable: true }
  if (status === 503) return { ...base, kind: 'overloaded', code: 'UPSTREAM_ERROR', status: 503, retryable: true }
  if (status >= 500) return { ...base, kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, retryable: true }
  return { ...base, kind: 'invalid-request', code: 'UPSTREAM_ERROR', status: status >= 400 ? status : 502 }
}

export function decodeGeminiError(status: number, body: unknown, _headers: Headers): BridgeError {
  const facts = readUpstreamError(body)
  const init = classify(status, facts)
  const retryAfter = readRetryDelaySeconds(facts.details)
  if (retryAfter !== undefined && (init.kind === 'rate-limit' || init.kind === 'overloaded')) init.retryAfterSeconds = retryAfter
  return new BridgeError(init)
}

/** Google API keys (`AIza…`) echoed back in messages. */
export function redactKeys(message: string): string {
  return message.replace(/AIza[0-9A-Za-z_-]{10,}/g, 'AIza***')
}

/** A `{"error":{...}}` chunk inside an HTTP 200 stream; its numeric `code` is taken as the status. */
export function decodeStreamErrorPayload(payload: JsonObject): BridgeError {
  const inner = isObject(payload.error) ? payload.error : {}
  const code = numberOrUndefined(inner.code)
  return decodeGeminiError(code !== undefined && code >= 400 && code < 600 ? code : 500, payload, new Headers())
}
