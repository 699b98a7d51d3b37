import { type IpAddress, parseIp } from './parse-ip.ts'

export type Cidr = { network: IpAddress; prefix: number }

export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText, extra] = text.split('/')
  if (address === undefined || prefixText === undefined || extra !== undefined) return undefined
  const network = parseIp(address)
  if (!network || !/^[0-9]{1,3}$/.test(prefixText)) return undefined
  const prefix = Number(prefixText)
  if (prefix > network.bytes.length * 8) return undefined
  return { network, prefix }
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.network.version !== ip.version) return false
  for (let bit = 0; bit < cidr.prefix; bit++) {
    const mask = 0x80 >> (bit & 7)
    if (((cidr.network.bytes[bit >> 3] as number) & mask) !== ((ip.bytes[bit >> 3] as number) & mask)) return false
  }
  return true
}

/** For the built-in range tables, which are known to be well formed. */
export function cidr(text: string): Cidr {
  const parsed = parseCidr(text)
  if (!parsed) throw new Error(`bad built-in CIDR ${text}`)
  return parsed
}
