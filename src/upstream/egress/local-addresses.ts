import { networkInterfaces } from 'node:os'

/** Addresses of this machine, read on each call because DHCP and VPNs change them at run time. */
export function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((info) => info.address))
}
