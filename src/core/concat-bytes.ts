/**
 * Byte chunks → one array (a body read in pieces, a redacted stream's parts). A single chunk comes
 * back as it is, without a copy. Plain Uint8Array, so it serves core code that runs without Node's Buffer.
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  let total = 0
  for (const part of parts) total += part.byteLength
  const out = new Uint8Array(total)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}
