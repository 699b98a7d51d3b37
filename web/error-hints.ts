/** What to change when a URL test fails: one sentence per bridge error code (README "Errors"). */

export type ProbeError = { status: number; code?: string; message: string; upstreamStatus?: number }

function upstreamHint(upstreamStatus: number | undefined): string {
  if (upstreamStatus === 401 || upstreamStatus === 403) {
    return 'The upstream refused the credentials: check the key (and the auth type) and generate the URL again.'
  }
  if (upstreamStatus === 404) return 'The upstream does not know this model or path: check the model mapping and the base URL.'
  if (upstreamStatus !== undefined && upstreamStatus >= 500) return 'The upstream failed on its side: try again later, or check its status page.'
  return 'The upstream refused the request: check the model mapping and the base URL.'
}

const HINTS: Record<string, string> = {
  EGRESS_DENIED:
    'The bridge may not reach this upstream. For a local or private address, start llm-bridge with --allow-host host:port (the message names the host).',
  RATE_LIMITED: "The upstream's rate limit or quota: wait a little, or check the plan and billing of the key.",
  UPSTREAM_TIMEOUT: "The upstream did not answer in time: check that the base URL is reachable from the bridge's machine.",
  RETRY_EXHAUSTED: 'The upstream kept failing through every retry: try again later.',
  INVALID_TOKEN: 'This server cannot open the URL (another server minted it, it was revoked, or its key was rotated): generate a new one.',
  MISSING_TOKEN: 'The URL lost its token: copy the whole proxy URL.',
  UNSUPPORTED_ENDPOINT: 'This URL does not offer chat for these protocols: check the endpoint mode (translate or auto) and the provider.',
  NOT_FOUND: 'The client protocol has no such endpoint: the URL may have been minted for another client.',
  PAYLOAD_TOO_LARGE: 'The request is over the server limit (--max-body-bytes).',
  INTERNAL_ERROR: "The bridge failed: the server's log and the request log have the details.",
}

export function hintFor(error: ProbeError): string | undefined {
  if (error.code === 'UPSTREAM_ERROR') return upstreamHint(error.upstreamStatus)
  if (error.code !== undefined && error.code in HINTS) return HINTS[error.code]
  if (error.code === undefined && error.status === 0) return 'The browser could not reach the bridge: is it still running?'
  return undefined
}
