/**
 * Upstream timeouts and the time primitives the retry loop and stream guards share.
 *
 * - connectMs: until a TCP connection to the upstream exists. Bun's fetch does not report its
 *   connection phase, so a parallel TCP probe (`probeConnect`) to the same host:port stands in for
 *   it; whichever comes first (probe connected, or response headers) ends the connect phase. The
 *   probe is skipped when fetch goes through a forward proxy (forward-proxy.ts; it would test the
 *   wrong path).
 * - firstByteMs: until the response headers (callUpstream) and then until the first body byte
 *   (guardUpstreamBody). Long by default: reasoning models think for minutes (LESSONS #24), and a
 *   non-streaming upstream sends its headers only when the whole answer is done.
 * - idleMs: the longest silence between two body chunks (guardUpstreamBody).
 */
import { BridgeError } from '../core/errors.ts'

export type UpstreamTimeouts = { connectMs: number; firstByteMs: number; idleMs: number }

export const DEFAULT_UPSTREAM_TIMEOUTS: UpstreamTimeouts = { connectMs: 10_000, firstByteMs: 600_000, idleMs: 300_000 }

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal))
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortReason(signal))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })

export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError')
}

/** Resolves once a TCP connection to host:port exists (then closes it); rejects when it cannot. */
export type ConnectProbe = (hostname: string, port: number, signal: AbortSignal) => Promise<void>

export const tcpConnectProbe: ConnectProbe = async (hostname, port, signal) => {
  if (signal.aborted) throw abortReason(signal)
  const socket = await Bun.connect({
    hostname,
    port,
    socket: { data() {}, error() {}, close() {} },
  })
  // The probe only proves reachability; it never sends a byte.
  socket.end()
}

export function defaultPort(url: URL): number {
  if (url.port !== '') return Number(url.port)
  return url.protocol === 'https:' ? 443 : 80
}


export function connectTimeoutError(host: string, ms: number): BridgeError {
  return new BridgeError({
    kind: 'upstream-timeout',
    code: 'UPSTREAM_TIMEOUT',
    status: 504,
    retryable: true,
    message: `Could not connect to the upstream at ${host} within ${ms} ms`,
  })
}

export function firstByteTimeoutError(ms: number, phase: 'headers' | 'body'): BridgeError {
  const what = phase === 'headers' ? 'response headers' : 'the first byte of the answer'
  return new BridgeError({
    kind: 'upstream-timeout',
    code: 'UPSTREAM_TIMEOUT',
    status: 504,
    message: `The upstream sent no ${what} within ${ms} ms`,
  })
}

export function idleTimeoutError(ms: number): BridgeError {
  return new BridgeError({
    kind: 'upstream-timeout',
    code: 'UPSTREAM_TIMEOUT',
    status: 504,
    message: `The upstream stream went silent for more than ${ms} ms`,
  })
}
