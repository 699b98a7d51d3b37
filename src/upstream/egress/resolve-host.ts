/**
 * Name → addresses. `localhost` and `*.localhost` are loopback by definition (RFC 6761) and are
 * answered without asking DNS, so they are recognised even on a machine whose resolver is odd.
 */
export type Resolve = (hostname: string) => Promise<string[]>

export async function defaultResolve(hostname: string): Promise<string[]> {
  const answers = await Bun.dns.lookup(hostname, { family: 0 })
  return answers.map((answer) => answer.address)
}

/**
 * How long a DNS answer is reused by the egress check at use. The check still runs on every
 * upstream call against the current policy; only the lookup may be up to this old. The call
 * connects to the addresses checked (pin-address.ts), so a reused answer can only mean connecting
 * to an address DNS gave a moment ago, never to one that was not checked.
 */
export const DNS_REUSE_MS = 1_000
const MAX_NAMES = 512

const answers = new Map<string, { at: number; addresses: string[] }>()

/** defaultResolve with answers reused for DNS_REUSE_MS; failed lookups are never reused. */
export async function cachedResolve(hostname: string, now: number = performance.now()): Promise<string[]> {
  const known = answers.get(hostname)
  if (known !== undefined && now - known.at < DNS_REUSE_MS) return [...known.addresses]
  const addresses = await defaultResolve(hostname)
  if (addresses.length > 0) {
    if (answers.size >= MAX_NAMES) answers.clear()
    answers.set(hostname, { at: now, addresses })
  }
  return addresses
}

export function isLocalhostName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost')
}
