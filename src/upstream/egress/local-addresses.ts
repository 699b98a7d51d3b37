import { networkInterfaces } from 'node:os'

/**
 * How long one reading of the interfaces is reused. DHCP and VPNs change addresses at run time,
 * so they are re-read, but at human speed: reading them on every upstream call cost more CPU
 * than the rest of the egress check (the benchmark's profile), for changes that take seconds.
 */
export const LOCAL_ADDRESSES_TTL_MS = 1_000

let cached: { at: number; addresses: string[] } | undefined

/** Addresses of this machine, at most LOCAL_ADDRESSES_TTL_MS old. */
export function localAddresses(now: number = performance.now()): string[] {
  if (cached === undefined || now - cached.at >= LOCAL_ADDRESSES_TTL_MS) {
    cached = { at: now, addresses: Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((info) => info.address)) }
  }
  return cached.addresses
}
