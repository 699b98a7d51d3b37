/**
 * Whether Bun's fetch sends a URL through a forward proxy from the environment, the way Bun 1.4
 * decides it (checked by experiment): https uses HTTPS_PROXY or ALL_PROXY, http uses HTTP_PROXY or
 * ALL_PROXY (either spelling case), and a host listed in NO_PROXY goes direct. A NO_PROXY entry is
 * a host or domain (a leading `.` or `*.` is dropped) matching the host itself or any name under
 * it, case-insensitive, optionally with a port that must match; `*` matches every host.
 *
 * The connection pinning (pin-address.ts) and the connect probe need the same answer as fetch:
 * through a proxy the proxy connects (and resolves); direct, the bridge connects to the checked
 * address itself.
 */
import { defaultPort } from './timeouts.ts'

const PROXY_VARIABLES: Record<string, readonly string[]> = {
  'https:': ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'],
  'http:': ['HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'],
}

export function usesForwardProxy(url: URL, env: Record<string, string | undefined> = process.env): boolean {
  const names = PROXY_VARIABLES[url.protocol] ?? []
  if (!names.some((name) => (env[name] ?? '') !== '')) return false
  return !listedInNoProxy(url, env.NO_PROXY || env.no_proxy || '')
}

function listedInNoProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  const port = defaultPort(url)
  return noProxy.split(',').some((raw) => {
    const entry = raw.trim().toLowerCase()
    if (entry === '*') return true
    const match = /^(?:\*?\.)?([^:]+)(?::(\d+))?$/.exec(entry)
    if (match === null || match[1] === undefined) return false
    if (match[2] !== undefined && Number(match[2]) !== port) return false
    const domain = match[1].replace(/\.$/, '')
    return host === domain || host.endsWith(`.${domain}`)
  })
}
