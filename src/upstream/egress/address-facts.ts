/**
 * What the egress check needs to know about one address text, memoised. Parsing and classifying
 * an address is a pure function of its text (the range tables are constants), so remembering the
 * answer can never change a decision; the policy itself (allow entries, own ports, this machine's
 * addresses, fresh DNS answers) is still applied on every use. Parsing the same few addresses on
 * every upstream call was ~5 % of the bridge's CPU on the benchmark's JSON route.
 */
import { type AddressClass, classifyIp, embeddedIpv4 } from './classify-address.ts'
import { type IpAddress, parseIp } from './parse-ip.ts'

export type AddressFacts = { ip: IpAddress; kind: AddressClass; embedded: IpAddress | undefined }

/** Enough for every upstream and interface address a bridge sees; a flood of new ones just resets it. */
const MAX_ENTRIES = 1024

const facts = new Map<string, AddressFacts | null>()
const ips = new Map<string, IpAddress | null>()

/** parseIp, memoised; callers must not mutate the returned bytes. */
export function parseIpMemo(text: string): IpAddress | undefined {
  let ip = ips.get(text)
  if (ip === undefined) {
    if (ips.size >= MAX_ENTRIES) ips.clear()
    ip = parseIp(text) ?? null
    ips.set(text, ip)
  }
  return ip ?? undefined
}

/** The parsed address, its class and the IPv4 address it tunnels to; undefined when it is no IP. */
export function addressFacts(text: string): AddressFacts | undefined {
  let known = facts.get(text)
  if (known === undefined) {
    if (facts.size >= MAX_ENTRIES) facts.clear()
    const ip = parseIpMemo(text)
    known = ip === undefined ? null : { ip, kind: classifyIp(ip), embedded: embeddedIpv4(ip) }
    facts.set(text, known)
  }
  return known ?? undefined
}
