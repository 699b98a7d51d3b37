/**
 * One fetch with the connect and first-byte (headers) timers of timeouts.ts. A connection failure
 * or connect timeout comes back as a `failure` (the retry loop may try again); a client abort is
 * rethrown as the signal's reason; a headers timeout is thrown, because the upstream may already
 * be generating (and billing) the answer we would ask for again.
 *
 * With the addresses of an egress verdict, the attempt connects to them in order (pin-address.ts):
 * when one cannot be connected to (refused, unreachable, connect timeout), the next is tried in
 * the same attempt, since no byte of the request has left; any other failure ends the attempt.
 * The connect timeout bounds the attempt, not each address (a name with four silent answers
 * would otherwise wait four times as long): each address gets the time left shared with the next
 * one, so a silent first address leaves half to the second, and one that refuses at once leaves
 * nearly all of it.
 */
import { BridgeError } from '../core/errors.ts'
import {
  abortReason,
  connectTimeoutError,
  defaultPort,
  firstByteTimeoutError,
  type ConnectProbe,
  type UpstreamTimeouts,
} from './timeouts.ts'
import { AttemptTimers } from './attempt-timers.ts'
import { usesForwardProxy } from './forward-proxy.ts'
import { bareHostname, connectTargets, pinRequest, type ConnectTarget, type PinnedInit } from './pin-address.ts'

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
  /** The addresses the egress check approved, tried in order; absent: fetch connects to the URL. */
  addresses?: readonly string[] | undefined
}

/** Bun's fetch has its own socket idle timer (5 min default) that would cut a slow first token. */
type BunRequestInit = PinnedInit & { timeout?: number | boolean }

/** A failure before any connection existed: the request was never sent, another address may serve it. */
type TryOutcome = AttemptOutcome | { kind: 'failure'; detail: string; unconnected: true }

/** Bun's codes for a connection that never came up (older versions spell some in CamelCase). */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ConnectionRefused', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'FailedToOpenSocket'])

export async function fetchAttempt(input: FetchAttemptInput): Promise<AttemptOutcome> {
  const targets = connectTargets(input.url, input.addresses)
  const details = new Set<string>()
  const { connectMs } = input.timeouts
  const started = performance.now()
  let tried = 0
  for (const [index, target] of targets.entries()) {
    const left = connectMs - (performance.now() - started)
    if (connectMs > 0 && left < 1) break
    const outcome = await fetchOnce(input, target, connectShare(connectMs, left, index, targets.length))
    if (!('unconnected' in outcome)) return outcome
    details.add(outcome.detail)
    tried++
  }
  const detail = [...details].join(' or ')
  if (targets.length === 1) return { kind: 'failure', detail }
  const each = tried === targets.length ? `each of ${tried}` : `each of the first ${tried} of ${targets.length}`
  return { kind: 'failure', detail: `${detail} on ${each} addresses` }
}

/**
 * An address's share of the attempt's connect timeout, `leftMs` of it still unspent: one address
 * gets all of it; otherwise the last takes what is left and earlier ones leave half to the next.
 */
export function connectShare(connectMs: number, leftMs: number, index: number, count: number): number {
  if (connectMs <= 0 || count === 1) return connectMs
  return Math.max(1, Math.floor(index === count - 1 ? leftMs : leftMs / 2))
}

/** `connectMs`: this address's share of the attempt's connect timeout (the failure names the whole timeout). */
async function fetchOnce(input: FetchAttemptInput, address: ConnectTarget, connectMs: number): Promise<TryOutcome> {
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
    connectMs > 0 ? { atMs: probeDelayMs(connectMs), run: () => startProbe(input, address, signal, () => timers.cancel('connect')) } : undefined,
    connectMs > 0 ? { atMs: connectMs, name: 'connect', run: () => fire('connect', connectTimeoutError(url.host, timeouts.connectMs)) } : undefined,
    timeouts.firstByteMs > 0 ? { atMs: timeouts.firstByteMs, run: () => fire('headers', firstByteTimeoutError(timeouts.firstByteMs, 'headers')) } : undefined,
  ])
  try {
    const init: BunRequestInit = { ...input.init, signal, timeout: bunSocketTimeout(timeouts) }
    const response = address === undefined ? await input.fetch(url, init) : await fetchPinned(input.fetch, url, address, init)
    return { kind: 'response', response }
  } catch (error) {
    if (input.signal.aborted) throw abortReason(input.signal)
    if (timedOut !== undefined) {
      if (timedOut.phase === 'connect') return { kind: 'failure', detail: `no connection within ${timeouts.connectMs} ms`, unconnected: true }
      throw timedOut.error
    }
    if (error instanceof BridgeError) throw error
    const detail = describeFetchFailure(error)
    return NEVER_CONNECTED.has(detail) ? { kind: 'failure', detail, unconnected: true } : { kind: 'failure', detail }
  } finally {
    timers.stop()
  }
}

/** Long before the connect timer fires (so a slow connect is still released in time), yet long enough to skip it for most answers. */
export const PROBE_DELAY_MAX_MS = 200

function probeDelayMs(connectMs: number): number {
  return Math.min(PROBE_DELAY_MAX_MS, Math.floor(connectMs / 4))
}

function fetchPinned(fetcher: typeof fetch, url: URL, address: string, init: BunRequestInit): Promise<Response> {
  const pinned = pinRequest(url, address, init)
  return fetcher(pinned.target, pinned.init)
}

function startProbe(input: FetchAttemptInput, address: ConnectTarget, signal: AbortSignal, connected: () => void): void {
  if (input.probeConnect === undefined || usesForwardProxy(input.url)) return
  // The probe goes where fetch goes: the pinned address, never a fresh lookup of the name.
  const hostname = address ?? bareHostname(input.url)
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
