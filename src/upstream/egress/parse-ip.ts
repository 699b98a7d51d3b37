/**
 * IP address text → bytes. Inputs are resolver answers and WHATWG-normalised URL hosts, so IPv4
 * is strict dotted decimal here (URL parsing has already turned 0x7f000001, 2130706433, 127.1 and
 * 0177.0.0.1 into 127.0.0.1).
 */
export type IpAddress = { version: 4 | 6; bytes: Uint8Array }

export function parseIp(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  const v4 = parseIpv4(bare)
  if (v4) return { version: 4, bytes: v4 }
  const v6 = parseIpv6(bare.replace(/%.*$/, '')) // drop a zone id (fe80::1%eth0)
  return v6 ? { version: 6, bytes: v6 } : undefined
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const bytes = new Uint8Array(4)
  for (let i = 0; i < 4; i++) {
    const part = parts[i] as string
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined
    bytes[i] = Number(part)
  }
  return bytes
}

function parseIpv6(text: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = groups(halves[0] as string)
  const tail = halves.length === 2 ? groups(halves[1] as string) : []
  if (!head || !tail) return undefined
  const total = head.length + tail.length
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined
  const words = [...head, ...new Array<number>(8 - total).fill(0), ...tail]
  const bytes = new Uint8Array(16)
  words.forEach((word, i) => {
    bytes[i * 2] = word >> 8
    bytes[i * 2 + 1] = word & 0xff
  })
  return bytes
}

/** Colon-separated 16-bit groups; a trailing dotted IPv4 counts as two groups. */
function groups(text: string): number[] | undefined {
  if (text === '') return []
  const parts = text.split(':')
  const words: number[] = []
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part)
      if (!v4) return undefined
      words.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number))
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      words.push(parseInt(part, 16))
    } else {
      return undefined
    }
  }
  return words
}

export function formatIpv4(bytes: Uint8Array): string {
  return Array.from(bytes).join('.')
}

export function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.version === b.version && a.bytes.every((byte, i) => byte === b.bytes[i])
}
