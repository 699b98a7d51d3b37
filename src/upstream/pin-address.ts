/**
 * Connecting to the addresses the egress check approved, never to a fresh lookup of the name.
 * Letting fetch resolve the name again left a DNS-rebinding window: a hostile DNS server could
 * answer a public address to the check and 127.0.0.1 or 169.254.169.254 to the connect.
 *
 * The pinned request goes to `https://<checked ip>:<port>/…` with the name kept where it matters:
 * the Host header is the URL's host, and Bun's fetch `tls.serverName` makes the TLS handshake send
 * the name as SNI and verify the certificate against the name (not the IP). Bun's fetch was chosen
 * over node:https with a `lookup` hook or Bun.connect because it keeps everything else as it was:
 * streaming bodies, the abort signal, redirect: 'manual', the socket timeout and keep-alive (Bun
 * pools a pinned connection per address, port and server name, so another name on the same
 * address never reuses a connection verified for this one).
 *
 * Not pinned: IP-literal URLs (already the checked address), calls without a verdict, and calls
 * through a forward proxy from the environment (forward-proxy.ts), where the proxy connects and
 * resolves, and its own rules must keep seeing the name. A pinned request is always direct
 * (`proxy: false`): a host that NO_PROXY sends direct stays direct once its URL names an IP.
 */
import { parseIpMemo } from './egress/address-facts.ts'
import { usesForwardProxy } from './forward-proxy.ts'

/** The Bun fetch options the pinned request adds (the TLS part is Bun's own extension). */
export type PinnedInit = RequestInit & { tls?: { serverName: string }; proxy?: false }

/** One place to connect to: a checked address, or undefined for "let fetch connect to the URL". */
export type ConnectTarget = string | undefined

/** The checked addresses to try in order, or the URL itself when the call is not pinned. */
export function connectTargets(url: URL, addresses: readonly string[] | undefined): readonly ConnectTarget[] {
  if (addresses === undefined || addresses.length === 0) return [undefined]
  if (parseIpMemo(bareHostname(url)) !== undefined || usesForwardProxy(url)) return [undefined]
  return addresses
}

/** The URL and init that reach `address` while speaking to the URL's host name. */
export function pinRequest(url: URL, address: string, init: RequestInit): { target: string; init: PinnedInit } {
  const host = address.includes(':') ? `[${address}]` : address
  const port = url.port === '' ? '' : `:${url.port}`
  const target = `${url.protocol}//${host}${port}${url.pathname}${url.search}`
  const headers = new Headers(init.headers)
  headers.set('host', url.host)
  const pinned: PinnedInit = { ...init, headers, proxy: false }
  // A trailing dot is the same name in DNS, but certificates and SNI carry it without.
  if (url.protocol === 'https:') pinned.tls = { serverName: bareHostname(url).replace(/\.$/, '') }
  return { target, init: pinned }
}

/** The hostname without the brackets of an IPv6 literal. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1')
}
