/**
 * One `--allow-host` entry: a host (`ollama.lan`, `127.0.0.1`, `[::1]`), a host with a port
 * (`127.0.0.1:11434`, `[::1]:8080`), or a CIDR range (`192.168.1.0/24`, `fd00::/8`).
 * Hosts go through WHATWG URL parsing so `127.1` and `LOCALHOST.` compare equal to what a URL holds.
 */
import { type Cidr, parseCidr } from './cidr.ts'
import { type IpAddress, parseIp } from './parse-ip.ts'

export type AllowEntry =
  | { kind: 'cidr'; range: Cidr; text: string }
  | { kind: 'host'; host: string; ip?: IpAddress; port?: number; text: string }

export function parseAllowHost(entry: string): AllowEntry {
  const text = entry.trim()
  const fail = (why: string): never => {
    throw new Error(`Invalid allow-host entry "${entry}": ${why}`)
  }
  if (text === '') fail('it is empty')
  if (text.includes('://')) fail('give a host, host:port or CIDR, not a URL')
  if (text.includes('/')) {
    const range = parseCidr(text)
    return range ? { kind: 'cidr', range, text } : fail('not a valid CIDR range (e.g. 192.168.1.0/24)')
  }
  // A bare IPv6 address has colons but no port.
  const bareIpv6 = !text.startsWith('[') && parseIp(text)?.version === 6
  const match = bareIpv6 ? undefined : /^(\[[^\]]+\]|[^:]+)(?::([0-9]+))?$/.exec(text)
  const hostText = bareIpv6 ? `[${text}]` : match?.[1]
  if (hostText === undefined) return fail('expected host, host:port or CIDR')
  const host = normaliseHost(hostText) ?? fail('not a valid host name or IP address')
  const result: AllowEntry = { kind: 'host', host, text }
  const ip = parseIp(host)
  if (ip) result.ip = ip
  const portText = match?.[2]
  if (portText !== undefined) {
    const port = Number(portText)
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail('the port must be between 1 and 65535')
    result.port = port
  }
  return result
}

/** WHATWG host normalisation, minus a trailing dot; undefined when it is no valid host. */
export function normaliseHost(host: string): string | undefined {
  if (!/^(\[[0-9a-fA-F:.%]+\]|[\p{L}\p{N}._-]+)$/u.test(host)) return undefined
  try {
    return stripTrailingDot(new URL(`http://${host}/`).hostname)
  } catch {
    return undefined
  }
}

export function stripTrailingDot(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname
}
