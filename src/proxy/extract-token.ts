/**
 * Where the URL token travels: as the first path segment (`/proxy/{token}/v1/messages`), or as the
 * client's API key when the client can only set a base URL and a key (`/proxy/v1/messages` with
 * `x-api-key: lb1_…`, `Authorization: Bearer lb1_…`, Gemini's `x-goog-api-key` or `?key=`).
 */
import { looksLikeToken } from '../core/url-token/index.ts'

export const PROXY_PREFIX = '/proxy/'

export type TokenLocation = {
  /** undefined when the client sent no token anywhere. */
  token: string | undefined
  /** The path after the token, relative: `v1/messages`. */
  upstreamPath: string
}

export function extractToken(url: URL, headers: Headers): TokenLocation {
  const rest = url.pathname.startsWith(PROXY_PREFIX) ? url.pathname.slice(PROXY_PREFIX.length) : url.pathname.replace(/^\/+/, '')
  const slash = rest.indexOf('/')
  const first = slash === -1 ? rest : rest.slice(0, slash)
  if (looksLikeToken(first)) return { token: first, upstreamPath: slash === -1 ? '' : rest.slice(slash + 1) }
  return { token: tokenFromCredentials(url, headers), upstreamPath: rest }
}

function tokenFromCredentials(url: URL, headers: Headers): string | undefined {
  const bearer = headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim()
  const candidates = [
    headers.get('x-api-key'),
    bearer,
    headers.get('x-goog-api-key'),
    headers.get('api-key'),
    url.searchParams.get('key'),
  ].filter((value): value is string => typeof value === 'string' && value !== '')
  // A client may send a dummy key beside the token (e.g. both x-api-key and Authorization).
  return candidates.find(looksLikeToken) ?? candidates[0]
}

/** Client query parameters that may travel upstream on passthrough: never the `key` credential. */
export function forwardableQuery(url: URL): URLSearchParams {
  const query = new URLSearchParams(url.search)
  query.delete('key')
  return query
}
