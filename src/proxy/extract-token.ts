/**
 * Where the URL token travels: as the first path segment (`/proxy/{token}/v1/messages`), or as the
 * client's API key when the client can only set a base URL and a key (`/proxy/v1/messages` with
 * `x-api-key: lb1_…`, `Authorization: Bearer lb1_…`, Gemini's `x-goog-api-key` or `?key=`).
 *
 * A first segment that does not start a route of any protocol is a token attempt, whatever its
 * spelling (another version prefix, no prefix, empty): it is opened like any token, so it gets the
 * one 401 every bad token gets, and it never becomes part of the logged path. "No token" is left
 * for a route path without any credential.
 */
import { PROTOCOL_IDS } from '../core/model/protocol-id.ts'
import { findCodec } from '../core/protocols/index.ts'
import { looksLikeToken } from '../core/url-token/index.ts'

export const PROXY_PREFIX = '/proxy/'

export type TokenLocation = {
  /** undefined when the client sent no token anywhere. */
  token: string | undefined
  /** The path after the token, relative: `v1/messages`. */
  upstreamPath: string
}

export function extractToken(url: URL, headers: Headers): TokenLocation {
  const rest = proxiedPath(url.pathname)
  const slash = rest.indexOf('/')
  const first = slash === -1 ? rest : rest.slice(0, slash)
  const afterFirst = slash === -1 ? '' : rest.slice(slash + 1)
  if (looksLikeToken(first)) return { token: first, upstreamPath: afterFirst }
  const candidates = credentialCandidates(url, headers)
  // A client may send a dummy key beside the token (e.g. both x-api-key and Authorization).
  const credential = candidates.find(looksLikeToken)
  if (credential !== undefined) return { token: credential, upstreamPath: rest }
  if (rest === '' || (first !== '' && isRoutePath(rest))) return { token: candidates[0], upstreamPath: rest }
  return { token: first, upstreamPath: afterFirst }
}

/** The path after `/proxy/`; '' for `/proxy` itself. */
function proxiedPath(pathname: string): string {
  if (pathname.startsWith(PROXY_PREFIX)) return pathname.slice(PROXY_PREFIX.length)
  return pathname === '/proxy' ? '' : pathname.replace(/^\/+/, '')
}

const codecs = PROTOCOL_IDS.flatMap((id) => findCodec(id) ?? [])

/** A path some protocol serves (by GET or POST: a wrong method is still a route, not a token). */
function isRoutePath(path: string): boolean {
  return codecs.some((codec) => codec.matchRoute('POST', path) !== undefined || codec.matchRoute('GET', path) !== undefined)
}

function credentialCandidates(url: URL, headers: Headers): string[] {
  const bearer = headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim()
  return [
    headers.get('x-api-key'),
    bearer,
    headers.get('x-goog-api-key'),
    headers.get('api-key'),
    url.searchParams.get('key'),
  ].filter((value): value is string => typeof value === 'string' && value !== '')
}

/** Client query parameters that may travel upstream on passthrough: never the `key` credential. */
export function forwardableQuery(url: URL): URLSearchParams {
  const query = new URLSearchParams(url.search)
  query.delete('key')
  return query
}
