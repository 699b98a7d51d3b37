/**
 * Which headers cross the bridge. Requests: the client's own credentials never go upstream (the
 * upstream key comes from the URL token), nor hop-by-hop headers; on passthrough the headers that
 * mean something to the target protocol do. Responses: hop-by-hop and Set-Cookie stay behind, and
 * content-encoding/content-length too, because Bun's fetch has already decompressed the body.
 * Hop-by-hop also covers every header a `Connection` header names (RFC 9110 §7.6.1): a sender
 * can mark any header as meant for the next hop only, and a proxy must not pass it on.
 */
import { containsForm } from '../proxy/secret-forms.ts'

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length'])
const CLIENT_CREDENTIALS = new Set(['authorization', 'x-api-key', 'x-goog-api-key', 'api-key', 'cookie', 'proxy-authorization'])

/** Client headers worth forwarding on passthrough, besides the target protocol's own. */
const COMMON = ['content-type', 'accept', 'user-agent']

function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith('proxy-')
}

/** The header names a `Connection` header lists (lowercase); empty when there is none (the common case). */
export function connectionNamed(headers: Headers): Set<string> {
  const value = headers.get('connection')
  if (value === null) return new Set()
  return new Set(value.split(',').map((token) => token.trim().toLowerCase()).filter((token) => token !== ''))
}

/**
 * Headers for a passthrough request: an allowlist, so nothing unexpected (cookies, x-forwarded-*)
 * leaks. `protocolHeaders`: the ones that mean something to the target protocol (its codec's
 * `upstream.passthroughHeaders`).
 */
export function passthroughRequestHeaders(client: Headers, protocolHeaders: readonly string[]): Headers {
  const allowed = [...COMMON, ...protocolHeaders]
  const named = connectionNamed(client)
  const headers = new Headers()
  for (const name of allowed) {
    const value = client.get(name)
    if (value !== null && !CLIENT_CREDENTIALS.has(name) && !isHopByHop(name) && !named.has(name)) headers.set(name, value)
  }
  // Stainless SDKs send `x-stainless-*` telemetry; harmless to the same vendor, so kept on passthrough.
  for (const [name, value] of client) if (name.startsWith('x-stainless-') && !named.has(name)) headers.set(name, value)
  return headers
}

/** Headers for a translated request: only what the target codec asked for plus a JSON content type. */
export function translatedRequestHeaders(client: Headers, codecHeaders: Record<string, string> | undefined, stream: boolean): Headers {
  const headers = new Headers({ 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' })
  const userAgent = client.get('user-agent')
  if (userAgent !== null && !connectionNamed(client).has('user-agent')) headers.set('user-agent', userAgent)
  for (const [name, value] of Object.entries(codecHeaders ?? {})) {
    const lower = name.toLowerCase()
    if (!CLIENT_CREDENTIALS.has(lower) && !isHopByHop(lower)) headers.set(lower, value)
  }
  return headers
}

/**
 * Upstream response headers safe to hand to the client. `secrets` (secretForms of the key the
 * bridge sent): a header echoing it in any spelling is dropped whole, as an upstream may put the
 * key anywhere.
 */
export function forwardResponseHeaders(upstream: Headers, secrets: readonly string[] = []): Headers {
  const named = connectionNamed(upstream)
  const headers = new Headers()
  for (const [name, value] of upstream) {
    if (isHopByHop(name) || named.has(name) || name === 'set-cookie' || name === 'content-encoding') continue
    if (containsForm(value, secrets)) continue
    headers.set(name, value)
  }
  return headers
}
