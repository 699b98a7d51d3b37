/**
 * Classifies a resolved IP address. IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d,
 * compatible ::a.b.c.d, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32)
 * are classified by the IPv4 address they reach, so `[::ffff:127.0.0.1]` is loopback.
 */
import { type Cidr, cidr, cidrContains } from './cidr.ts'
import { type IpAddress, parseIp } from './parse-ip.ts'

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'invalid'

/** Classes no allow entry can open: cloud metadata and friends sit here. */
export const NEVER_ALLOWED: ReadonlySet<AddressClass> = new Set(['link-local', 'metadata', 'unspecified', 'multicast', 'reserved', 'invalid'])

// Order matters: the first matching range wins (metadata before the link-local and CGNAT ranges).
const RANGES: [Cidr, AddressClass][] = [
  [cidr('169.254.169.254/32'), 'metadata'], // AWS, GCP, Azure, OpenStack
  [cidr('100.100.100.200/32'), 'metadata'], // Alibaba Cloud
  [cidr('fd00:ec2::254/128'), 'metadata'], // AWS over IPv6
  [cidr('0.0.0.0/8'), 'unspecified'],
  [cidr('::/128'), 'unspecified'],
  [cidr('127.0.0.0/8'), 'loopback'],
  [cidr('::1/128'), 'loopback'],
  [cidr('169.254.0.0/16'), 'link-local'],
  [cidr('fe80::/10'), 'link-local'],
  [cidr('10.0.0.0/8'), 'private'],
  [cidr('172.16.0.0/12'), 'private'],
  [cidr('192.168.0.0/16'), 'private'],
  [cidr('100.64.0.0/10'), 'private'], // carrier-grade NAT, also Tailscale
  [cidr('198.18.0.0/15'), 'private'], // benchmarking, used inside some networks
  [cidr('fc00::/7'), 'private'],
  [cidr('fec0::/10'), 'private'], // deprecated site-local
  [cidr('224.0.0.0/4'), 'multicast'],
  [cidr('ff00::/8'), 'multicast'],
  [cidr('240.0.0.0/4'), 'reserved'], // includes 255.255.255.255
  [cidr('192.0.0.0/24'), 'reserved'],
  [cidr('192.0.2.0/24'), 'reserved'],
  [cidr('198.51.100.0/24'), 'reserved'],
  [cidr('203.0.113.0/24'), 'reserved'],
  [cidr('2001:db8::/32'), 'reserved'],
  [cidr('100::/64'), 'reserved'],
]

export function classifyAddress(ip: string): AddressClass {
  const parsed = parseIp(ip)
  return parsed ? classifyIp(parsed) : 'invalid'
}

export function classifyIp(ip: IpAddress): AddressClass {
  const effective = embeddedIpv4(ip) ?? ip
  for (const [range, kind] of RANGES) if (cidrContains(range, effective)) return kind
  return 'public'
}

const MAPPED = cidr('::ffff:0:0/96')
const COMPATIBLE = cidr('::/96')
const NAT64 = cidr('64:ff9b::/96')
const NAT64_LOCAL = cidr('64:ff9b:1::/48')
const SIX_TO_FOUR = cidr('2002::/16')
const TEREDO = cidr('2001::/32')

/** The IPv4 address an IPv6 address stands for, if it is one of the tunnelling forms. */
export function embeddedIpv4(ip: IpAddress): IpAddress | undefined {
  if (ip.version !== 6) return undefined
  const b = ip.bytes
  const v4 = (offset: number): IpAddress => ({ version: 4, bytes: b.slice(offset, offset + 4) })
  if (cidrContains(MAPPED, ip) || cidrContains(NAT64, ip) || cidrContains(NAT64_LOCAL, ip)) return v4(12)
  // ::a.b.c.d, but :: and ::1 are themselves, not 0.0.0.0 and 0.0.0.1.
  if (cidrContains(COMPATIBLE, ip) && !(b.subarray(12, 15).every((x) => x === 0) && (b[15] as number) <= 1)) return v4(12)
  if (cidrContains(SIX_TO_FOUR, ip)) return v4(2)
  if (cidrContains(TEREDO, ip)) return { version: 4, bytes: b.slice(12, 16).map((x) => x ^ 0xff) }
  return undefined
}
