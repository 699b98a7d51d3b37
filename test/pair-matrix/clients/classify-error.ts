/**
 * What both SDKs' errors have in common, read into a ClientError: the HTTP status (none when a
 * stream failed after it began) and the bridge's `error_code`, which the SDKs do not keep (the
 * OpenAI SDK keeps only the inner `error` object), so the clients read it from the error body
 * through the SDK's own `fetch` option.
 */
import type { ClientError } from '../contract.ts'

export type SdkFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** A fetch for the SDK that remembers the last error body it passed through. */
export function recordErrorBodies(): { fetch: SdkFetch; lastErrorBody: () => unknown } {
  let last: unknown
  return {
    fetch: async (input, init) => {
      const response = await fetch(input, init)
      if (response.status >= 400) last = await response.clone().json().catch(() => undefined)
      return response
    },
    lastErrorBody: () => last,
  }
}

export function errorCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error_code' in body)) return undefined
  return typeof body.error_code === 'string' ? body.error_code : undefined
}

/** An error raised after the stream began (status 200 already sent), or a dropped connection. */
export function brokenStream(error: unknown, partialText: string, sawCompletion: boolean): ClientError {
  return { status: 200, kind: 'stream-broken', errorCode: undefined, message: String(error), partialText, sawCompletion }
}
