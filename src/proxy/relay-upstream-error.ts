/**
 * An upstream that answered with an error status, rendered later by the SOURCE codec: the target
 * codec reads the upstream's message (decodeError); here the bridge's status rules are made sure
 * of (mapping.md §9.1, README's table): request-level rejections (4xx) keep their status as
 * UPSTREAM_ERROR, bad credentials 401, 429 is RATE_LIMITED with its Retry-After, a timeout is
 * 504, every server-side failure 502. upstream_status is always set and the upstream key is
 * redacted in every spelling, for upstreams that echo it back.
 */
import { BridgeError, type BridgeErrorInit } from '../core/errors.ts'
import type { ProtocolCodec } from '../core/protocols/codec.ts'
import { readBoundedText } from '../upstream/read-bounded-text.ts'
import { redactForms } from './secret-forms.ts'

/** Upstream error bodies are small; a hostile one must not make the bridge buffer without end. */
const MAX_ERROR_BODY_BYTES = 64 * 1024

export async function readUpstreamFailure(target: ProtocolCodec, response: Response, secrets: readonly string[], idleMs: number): Promise<BridgeError> {
  // Read no further than the bound (not read whole, then cut), and never wait on a silent body forever.
  const text = await readBoundedText(response, MAX_ERROR_BODY_BYTES, idleMs)
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // Plain-text error bodies (gateways, HTML pages) are passed to decodeError as text.
  }
  const decoded = target.decodeError(response.status, body, response.headers)
  return normaliseUpstreamError(decoded, response.status, secrets)
}

export function normaliseUpstreamError(error: BridgeError, upstreamStatus: number, secrets: readonly string[]): BridgeError {
  const init: BridgeErrorInit = {
    kind: error.kind, code: error.code, status: error.status, message: redactForms(error.message, secrets),
    retryable: error.retryable, upstreamStatus,
  }
  if (error.retryAfterSeconds !== undefined) init.retryAfterSeconds = error.retryAfterSeconds
  if (error.refusal === true) init.refusal = true
  if (upstreamStatus === 429) Object.assign(init, { kind: 'rate-limit', code: 'RATE_LIMITED', status: 429 })
  else if (error.kind === 'context-length') init.status = 400
  // Bad credentials are a 401 to every client, though AWS answers them with 403: client SDKs
  // raise their authentication error only on 401.
  else if (error.kind === 'authentication') Object.assign(init, { code: 'UPSTREAM_ERROR', status: 401 })
  else if (init.code === 'UPSTREAM_TIMEOUT') init.status = 504
  else if (upstreamStatus >= 400 && upstreamStatus < 500) Object.assign(init, { code: 'UPSTREAM_ERROR', status: upstreamStatus })
  // Every server-side failure (500, 503, 529…) is 502 (README's table), whatever status the codec read.
  else Object.assign(init, { code: 'UPSTREAM_ERROR', status: 502 })
  return new BridgeError(init)
}

