/**
 * Exact-value redaction over a byte stream whose chunks may split a secret anywhere: passthrough
 * must never hand the client an upstream's echo of the key, yet every other byte must pass
 * unchanged and without delay. So a chunk is emitted at once except for its tail when that tail
 * is the start of a secret (at most longest − 1 bytes, usually none: an SSE event ends in "\n\n",
 * which starts no key); that tail is joined to the next chunk and searched again. The output is
 * the same for every split of the body: what redacting it in one piece would give.
 * Cost per chunk: one native indexOf per secret form, plus a short tail check.
 */
import { REDACTED_MARK } from './secret-forms.ts'
import { concatBytes } from '../core/concat-bytes.ts'

const MARK_BYTES = new TextEncoder().encode(REDACTED_MARK)
const EMPTY = new Uint8Array(0)

export class StreamRedactor {
  private readonly needles: Buffer[]
  private carry: Uint8Array = EMPTY

  /** `forms`: secretForms(...) — non-empty strings. */
  constructor(forms: readonly string[]) {
    this.needles = forms.map((form) => Buffer.from(form, 'utf8'))
  }

  /** The bytes safe to emit now (possibly empty); a possible secret's beginning is kept back. */
  push(chunk: Uint8Array): Uint8Array {
    const joined = this.carry.byteLength === 0 ? chunk : concatBytes([this.carry, chunk])
    const buffer = Buffer.from(joined.buffer, joined.byteOffset, joined.byteLength)
    const ranges = this.findAll(buffer)
    let cut = this.partialStart(buffer)
    // A possible secret that overlaps a found one: keep the found one back too, so the next
    // chunk sees both whole (the result then equals redacting the body in one piece).
    for (const [start, end] of ranges) if (start < cut && cut < end) cut = start
    // Copied: the held bytes must not alias a chunk the upstream reader may reuse.
    this.carry = cut === buffer.byteLength ? EMPTY : buffer.slice(cut)
    const done = ranges.filter(([, end]) => end <= cut)
    if (done.length > 0) return replaceRanges(buffer, done, cut)
    // The common case: the very chunk, no copy, when nothing was held before or now.
    return cut === joined.byteLength ? joined : joined.subarray(0, cut)
  }

  /** End of stream: the held bytes, with any secret they hold whole (see push) replaced. */
  flush(): Uint8Array {
    const rest = Buffer.from(this.carry.buffer, this.carry.byteOffset, this.carry.byteLength)
    this.carry = EMPTY
    const ranges = this.findAll(rest)
    return ranges.length === 0 ? rest : replaceRanges(rest, ranges, rest.byteLength)
  }

  /** Every occurrence of every needle, merged into sorted non-overlapping [start, end) ranges. */
  private findAll(buffer: Buffer): [number, number][] {
    const found: [number, number][] = []
    for (const needle of this.needles) {
      for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + needle.byteLength)) {
        found.push([at, at + needle.byteLength])
      }
    }
    if (found.length <= 1) return found
    found.sort((a, b) => a[0] - b[0])
    const merged: [number, number][] = [found[0]!]
    for (const range of found.slice(1)) {
      const last = merged[merged.length - 1]!
      if (range[0] < last[1]) last[1] = Math.max(last[1], range[1])
      else merged.push(range)
    }
    return merged
  }

  /** The earliest position where the rest of the buffer is a proper prefix of a needle (or the end). */
  private partialStart(buffer: Buffer): number {
    let earliest = buffer.byteLength
    for (const needle of this.needles) {
      const windowStart = Math.max(0, buffer.byteLength - needle.byteLength + 1)
      for (let at = windowStart; at < earliest; at++) {
        if (buffer[at] === needle[0] && isPrefixAt(buffer, at, needle)) {
          earliest = at
          break
        }
      }
    }
    return earliest
  }
}

/** Redacts a byte stream; the stage is skipped by callers when there are no secrets (zero copy). */
export async function* redactStream(chunks: AsyncIterable<Uint8Array>, forms: readonly string[]): AsyncGenerator<Uint8Array> {
  const redactor = new StreamRedactor(forms)
  for await (const chunk of chunks) {
    const out = redactor.push(chunk)
    if (out.byteLength > 0) yield out
  }
  const rest = redactor.flush()
  if (rest.byteLength > 0) yield rest
}

/**
 * A whole body at once (a JSON answer, an error answer). Nearly every answer holds no echo of the
 * key: then the very bytes come back, after one native search per form and no copy.
 */
export function redactBytes(bytes: Uint8Array, forms: readonly string[]): Uint8Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (!forms.some((form) => buffer.includes(form))) return bytes
  const redactor = new StreamRedactor(forms)
  return concatBytes([redactor.push(bytes), redactor.flush()])
}

function isPrefixAt(buffer: Buffer, at: number, needle: Buffer): boolean {
  for (let i = 1; at + i < buffer.byteLength; i++) if (buffer[at + i] !== needle[i]) return false
  return true
}

function replaceRanges(buffer: Buffer, ranges: [number, number][], end: number): Uint8Array {
  const parts: Uint8Array[] = []
  let at = 0
  for (const [start, stop] of ranges) {
    parts.push(buffer.subarray(at, start), MARK_BYTES)
    at = stop
  }
  parts.push(buffer.subarray(at, end))
  return concatBytes(parts)
}

