/**
 * One fetch with the connect and first-byte (headers) timers of timeouts.ts. A connection failure
 * or connect timeout comes back as a `failure` (the retry loop may try again); a client abort is
 * rethrown as the signal's reason; a headers timeout is thrown, because the upstream may already
 * be generating (and billing) the answer we would ask for again.
 */
import { BridgeError } from '../core/errors.ts'
import {
  abortReason,
  connectTimeoutError,
  defaultPort,
  firstByteTimeoutError,
  usesForwardProxy,
  type ConnectProbe,
  type UpstreamTimeouts,
} from './timeouts.ts'
import { AttemptTimers } from './attempt-timers.ts'

export type AttemptOutcome =
  | { kind: 'response'; response: Response }
  /** `detail` names what failed (an error code, never a message that could carry the URL). */
  | { kind: 'failure'; detail: string }

export type FetchAttemptInput = {
  url: URL
  init: RequestInit
  signal: AbortSignal
  fetch: typeof fetch
  timeouts: UpstreamTimeouts
  probeConnect: ConnectProbe | undefined
}

/** Bun's fetch has its own socket idle timer (5 min default) that would cut a slow first token. */
type BunRequestInit = RequestInit & { timeout?: number | boolean }

export async function fetchAttempt(input: FetchAttemptInput): Promise<AttemptOutcome> {
  const { url, timeouts } = input
  // One controller per attempt, linked to the caller's signal by one listener: AbortSignal.any
  // (a composite signal per attempt) cost more, and the link must outlive this function because
  // the same signal governs the body read that follows.
  const attempt = new AbortController()
  const signal = attempt.signal
  if (input.signal.aborted) attempt.abort(input.signal.reason)
  else input.signal.addEventListener('abort', () => attempt.abort(input.signal.reason), { once: true })
  let timedOut: { phase: 'connect' | 'headers'; error: BridgeError } | undefined
  const fire = (phase: 'connect' | 'headers', error: BridgeError): void => {
    if (timedOut !== undefined) return
    timedOut = { phase, error }
    attempt.abort(error)
  }
  const timers = new AttemptTimers([
    // The probe is a whole extra TCP connection: start it only once the answer is slow enough for
    // the connect timer to matter, so fast answers (a pooled connection) never pay for it.
    timeouts.connectMs > 0 ? { atMs: probeDelayMs(timeouts.connectMs), run: () => startProbe(input, signal, () => timers.cancel('connect')) } : undefined,
    timeouts.connectMs > 0 ? { atMs: timeouts.connectMs, name: 'connect', run: () => fire('connect', connectTimeoutError(url.host, timeouts.connectMs)) } : undefined,
    timeouts.firstByteMs > 0 ? { atMs: timeouts.firstByteMs, run: () => fire('headers', firstByteTimeoutError(timeouts.firstByteMs, 'headers')) } : undefined,
  ])
  try {
    const init: BunRequestInit = { ...input.init, signal, timeout: bunSocketTimeout(timeouts) }
    const response = await input.fetch(url, init)
    return { kind: 'response', response }
  } catch (error) {
    if (input.signal.aborted) throw abortReason(input.signal)
    if (timedOut !== undefined) {
      if (timedOut.phase === 'connect') return { kind: 'failure', detail: `no connection within ${timeouts.connectMs} ms` }
      throw timedOut.error
    }
    if (error instanceof BridgeError) throw error
    return { kind: 'failure', detail: describeFetchFailure(error) }
  } finally {
    timers.stop()
  }
}

/** Long before the connect timer fires (so a slow connect is still released in time), yet long enough to skip it for most answers. */
export const PROBE_DELAY_MAX_MS = 200

function probeDelayMs(connectMs: number): number {
  return Math.min(PROBE_DELAY_MAX_MS, Math.floor(connectMs / 4))
}

function startProbe(input: FetchAttemptInput, signal: AbortSignal, connected: () => void): void {
  if (input.probeConnect === undefined || usesForwardProxy(input.url)) return
  const hostname = input.url.hostname.replace(/^\[(.*)\]$/, '$1')
  // A failed probe proves nothing fetch will not report itself; only success matters.
  input.probeConnect(hostname, defaultPort(input.url), signal).then(connected, () => {})
}

/** Our own timers decide; Bun's socket timer only backs them up, set past the longest of them. */
function bunSocketTimeout(timeouts: UpstreamTimeouts): number | boolean {
  const longest = Math.max(timeouts.connectMs, timeouts.firstByteMs, timeouts.idleMs)
  return longest > 0 ? longest + 5_000 : false
}

/** Bun errors carry a `code` (ConnectionRefused, ECONNRESET, …); their messages may embed the URL. */
export function describeFetchFailure(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code
  if (error instanceof Error) return error.name
  return 'connection failure'
}
