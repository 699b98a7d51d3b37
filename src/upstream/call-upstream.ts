/**
 * One upstream call: egress check, no redirects, abort on client disconnect.
 * (Issue 4 extends this with retries, backoff, deadlines and timeouts behind the same signature.)
 */
import { BridgeError } from '../core/errors.ts'

export type UpstreamCallOptions = {
  url: string
  method: string
  headers: Headers
  body?: BodyInit | null
  /** Aborts the upstream request when the client goes away. */
  signal: AbortSignal
  /** Injected for tests; defaults to global fetch. */
  fetch?: typeof fetch
  /** Checks the URL against the egress policy on every attempt; throws a BridgeError to deny. */
  checkEgress?: (url: URL) => Promise<void>
}

export type UpstreamCallResult = { response: Response; attempts: number }

export async function callUpstream(options: UpstreamCallOptions): Promise<UpstreamCallResult> {
  const doFetch = options.fetch ?? fetch
  const url = new URL(options.url)
  if (options.checkEgress) await options.checkEgress(url)
  try {
    const init: RequestInit = { method: options.method, headers: options.headers, signal: options.signal, redirect: 'manual' }
    if (options.body !== undefined && options.body !== null) init.body = options.body
    const response = await doFetch(url, init)
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel()
      throw new BridgeError({
        kind: 'upstream',
        code: 'UPSTREAM_ERROR',
        status: 502,
        upstreamStatus: response.status,
        message: `The upstream answered with a redirect (${response.status}); redirects are never followed`,
      })
    }
    return { response, attempts: 1 }
  } catch (error) {
    if (error instanceof BridgeError) throw error
    if (options.signal.aborted) throw error
    throw new BridgeError({
      kind: 'upstream',
      code: 'UPSTREAM_ERROR',
      status: 502,
      retryable: true,
      message: `Could not reach the upstream at ${url.host}`,
    })
  }
}
