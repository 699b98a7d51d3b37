/**
 * An API key in a header: which one, and what must come with it, is the target protocol's
 * convention (its codec's `upstream.apiKeyHeader`: Anthropic's `x-api-key` with
 * `anthropic-version`, Gemini's `x-goog-api-key`). Never a query parameter, which would put the
 * key in URLs that proxies and logs keep.
 */
import type { UpstreamConvention } from '../../core/protocols/codec.ts'

export type ApiKeyHeader = UpstreamConvention['apiKeyHeader']

/** Where a key goes when no protocol convention is given. */
const PLAIN: ApiKeyHeader = { name: 'x-api-key' }

export function signXApiKey(token: string, headers: Headers, header: ApiKeyHeader = PLAIN): Headers {
  headers.set(header.name, token)
  // The client's own value (a passthrough's anthropic-version) wins over the default.
  for (const [name, value] of Object.entries(header.with ?? {})) if (!headers.has(name)) headers.set(name, value)
  return headers
}
