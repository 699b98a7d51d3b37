/**
 * One upstream call with retries: egress check on every attempt (and a connection to the addresses
 * it checked, pin-address.ts), no redirects, connect and
 * first-byte timers, exponential backoff with full jitter or the upstream's retry-after (capped),
 * an overall retry deadline, and abort on client disconnect in every phase (fetch and backoff).
 *
 * It returns only once response headers are in and the answer is final, so every retry happens
 * before the first byte reaches the client. Answers it does not retry (2xx, 4xx other than
 * 408/429, quota errors) come back as the Response, for the codec to decode. When retries were
 * allowed and ran out, it throws: last answer 429 → RATE_LIMITED (429, retry-after passed on);
 * 5xx, timeouts or connection failures → RETRY_EXHAUSTED (503) naming the attempts and the last
 * outcome. With maxAttempts 1 the upstream's own answer is returned unchanged.
 * @see ../../../shared/LESSONS.md #19, #23, #24
 */
import { BridgeError } from '../core/errors.ts'
import type { EgressVerdict } from './egress/check-egress.ts'
import { fetchAttempt } from './fetch-attempt.ts'
import { readBoundedText } from './read-bounded-text.ts'
import { redactSecrets } from './redact-secrets.ts'
import { nextDelayMs, readRetryAfterMs, resolveRetrySettings, shouldRetryResponse, type RetrySettings } from './retry-policy.ts'
import { abortReason, DEFAULT_UPSTREAM_TIMEOUTS, realSleep, tcpConnectProbe, type ConnectProbe, type Sleep, type UpstreamTimeouts } from './timeouts.ts'
import { exhaustedError, noteAttempts, type LastOutcome } from './upstream-outcome.ts'

export type AttemptInfo = {
  attempt: number
  /** The upstream status, when it answered. */
  status?: number
  /** What failed, when it did not answer (an error code, never a URL). */
  failure?: string
  /** The wait before the next attempt, when there is one. */
  delayMs?: number
}

export type UpstreamCallOptions = {
  /** A URL the caller already parsed is used as is (never changed here). */
  url: string | URL
  method: string
  headers: Headers
  /** Must be re-readable (string, bytes) for retries; a ReadableStream body allows one attempt. */
  body?: BodyInit | null
  /** Aborts the upstream request (and any backoff wait) when the client goes away. */
  signal: AbortSignal
  /** Injected for tests; defaults to global fetch. */
  fetch?: typeof fetch
  /**
   * Checks the URL against the egress policy on every attempt; throws a BridgeError to deny. The
   * verdict's addresses are where the attempt connects; without a verdict fetch connects by name.
   */
  checkEgress?: CheckEgressAtUse
  /** Server-wide settings overlaid with the URL's `retry` object (resolveRetrySettings). */
  retry?: Partial<RetrySettings>
  timeouts?: Partial<UpstreamTimeouts>
  /** Turns the last retried error answer into a BridgeError with the upstream's message. */
  describeError?: (status: number, bodyText: string, headers: Headers) => BridgeError
  /** Called after every attempt, e.g. to log; must not throw. */
  onAttempt?: (info: AttemptInfo) => void
  /** Secret values (the upstream key) removed from every message this call produces. */
  secrets?: readonly string[]
  /** Injected time for tests: the clock of the deadline and the backoff wait. */
  now?: () => number
  sleep?: Sleep
  random?: () => number
  /** The connect-phase probe (timeouts.ts); false disables the connect timer's early release. */
  probeConnect?: ConnectProbe | false
}

export type CheckEgressAtUse = (url: URL) => Promise<EgressVerdict | void>

export type UpstreamCallResult = { response: Response; attempts: number }

/** Error answers read to decide on a retry are kept up to this size (the rest is dropped). */
const MAX_ERROR_BODY_BYTES = 64 * 1024

export async function callUpstream(options: UpstreamCallOptions): Promise<UpstreamCallResult> {
  const settings = resolveRetrySettings(undefined, options.retry)
  const timeouts: UpstreamTimeouts = { ...DEFAULT_UPSTREAM_TIMEOUTS, ...options.timeouts }
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? realSleep
  const url = typeof options.url === 'string' ? new URL(options.url) : options.url
  const maxAttempts = isSingleUse(options.body) ? 1 : settings.maxAttempts
  const deadline = now() + settings.deadlineMs
  let last: LastOutcome | undefined
  for (let attempt = 1; ; attempt++) {
    if (options.signal.aborted) throw abortReason(options.signal)
    const verdict = options.checkEgress ? await options.checkEgress(url) : undefined
    const outcome = await fetchAttempt({
      addresses: verdict?.addresses,
      url,
      init: requestInit(options),
      signal: options.signal,
      fetch: options.fetch ?? fetch,
      timeouts,
      probeConnect: options.probeConnect === false ? undefined : (options.probeConnect ?? tcpConnectProbe),
    })
    const info: AttemptInfo = { attempt }
    if (outcome.kind === 'response') {
      const response = outcome.response
      info.status = response.status
      if (response.status >= 300 && response.status < 400) throw await redirectError(response, attempt, options.onAttempt, info)
      const bodyText = await readRetryBody(response, maxAttempts, timeouts.idleMs)
      if (options.signal.aborted) throw abortReason(options.signal)
      if (bodyText === undefined || !shouldRetryResponse(response.status, bodyText)) {
        options.onAttempt?.(info)
        return { response: bodyText === undefined ? response : rebuild(response, bodyText), attempts: attempt }
      }
      last = { kind: 'status', status: response.status, bodyText, headers: response.headers }
    } else {
      info.failure = outcome.detail
      last = { kind: 'failure', detail: outcome.detail }
    }
    const delayMs = retryDelay(last, attempt, settings, now(), options.random ?? Math.random)
    const context = { attempts: attempt, host: url.host, secrets: options.secrets ?? [], describeError: options.describeError, now: now() }
    if (attempt >= maxAttempts) {
      options.onAttempt?.(info)
      if (maxAttempts === 1) return singleAttemptOutcome(last, url.host, context.secrets)
      throw exhaustedError(last, { ...context, deadlineReached: false })
    }
    if (now() + delayMs > deadline) {
      options.onAttempt?.(info)
      throw exhaustedError(last, { ...context, deadlineReached: true })
    }
    info.delayMs = delayMs
    options.onAttempt?.(info)
    await sleep(delayMs, options.signal).catch((error: unknown) => {
      throw options.signal.aborted ? abortReason(options.signal) : error
    })
  }
}

function requestInit(options: UpstreamCallOptions): RequestInit {
  const init: RequestInit = { method: options.method, headers: options.headers, redirect: 'manual' }
  if (options.body !== undefined && options.body !== null) init.body = options.body
  return init
}

function isSingleUse(body: BodyInit | null | undefined): boolean {
  return body instanceof ReadableStream
}

/** Reads a retryable error answer (to spot quota errors and keep the message); others stay unread. */
async function readRetryBody(response: Response, maxAttempts: number, idleMs: number): Promise<string | undefined> {
  if (maxAttempts === 1 || !shouldRetryResponse(response.status, '')) return undefined
  return readBoundedText(response, MAX_ERROR_BODY_BYTES, idleMs)
}

function rebuild(response: Response, bodyText: string): Response {
  return new Response(bodyText, { status: response.status, statusText: response.statusText, headers: response.headers })
}

function retryDelay(last: LastOutcome, attempt: number, settings: RetrySettings, nowMs: number, random: () => number): number {
  const hint = last.kind === 'status' ? readRetryAfterMs(last.headers, nowMs) : undefined
  return nextDelayMs(attempt, hint, settings, random)
}

async function redirectError(response: Response, attempt: number, onAttempt: UpstreamCallOptions['onAttempt'], info: AttemptInfo): Promise<BridgeError> {
  await response.body?.cancel().catch(() => {})
  onAttempt?.(info)
  const error = new BridgeError({
    kind: 'upstream',
    code: 'UPSTREAM_ERROR',
    status: 502,
    upstreamStatus: response.status,
    message: `The upstream answered with a redirect (${response.status}); redirects are never followed`,
  })
  return noteAttempts(error, attempt)
}

/** Retries disabled: the upstream's answer goes back as it was; a connection failure is a 502. */
function singleAttemptOutcome(last: LastOutcome, host: string, secrets: readonly string[]): UpstreamCallResult {
  if (last.kind === 'status') {
    return { response: new Response(last.bodyText, { status: last.status, headers: last.headers }), attempts: 1 }
  }
  const error = new BridgeError({
    kind: 'upstream',
    code: 'UPSTREAM_ERROR',
    status: 502,
    retryable: true,
    message: redactSecrets(`Could not reach the upstream at ${host} (${last.detail})`, secrets),
  })
  throw noteAttempts(error, 1)
}
