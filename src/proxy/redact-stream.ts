/**
 * Redaction of the key over a byte stream whose chunks may split it anywhere: passthrough must
 * never hand the client an upstream's echo of the key (in any spelling secret-forms.ts knows), yet
 * every other byte must pass unchanged and without delay. So a chunk is emitted at once except for
 * its tail when that tail may begin a match (at most the longest spelling − 1 bytes, usually none:
 * an SSE event ends in "\n\n", which starts no key) or a match runs to its end (a cut-short key
 * may go on); that tail is joined to the next chunk and searched again. The output is the same for
 * every split of the body: what redacting it in one piece would give.
 * Cost per chunk: a latin1 view of the bytes and one regular-expression scan, plus a short tail check.
 */
import { REDACTED_MARK, matcherOf } from './secret-forms.ts'
import { concatBytes } from '../core/concat-bytes.ts'
import type { SecretMatcher } from '../core/secret-matcher.ts'

const MARK_BYTES = new TextEncoder().encode(REDACTED_MARK)
const EMPTY = new Uint8Array(0)

export class StreamRedactor {
  private readonly matcher: SecretMatcher
  private carry: Uint8Array = EMPTY

  /** `forms`: secretForms(...) of the URL's key(s). */
  constructor(forms: readonly string[]) {
    this.matcher = matcherOf(forms, true)
  }

  /** The bytes safe to emit now (possibly empty); a possible secret's beginning is kept back. */
  push(chunk: Uint8Array): Uint8Array {
    const joined = this.carry.byteLength === 0 ? chunk : concatBytes([this.carry, chunk])
    const buffer = Buffer.from(joined.buffer, joined.byteOffset, joined.byteLength)
    // latin1: one character per byte, so the matcher's offsets are byte offsets.
    const text = buffer.toString('latin1')
    const ranges = this.matcher.find(text)
    let cut = this.matcher.holdFrom(text, ranges)
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
    const ranges = this.matcher.find(rest.toString('latin1'))
    return ranges.length === 0 ? rest : replaceRanges(rest, ranges, rest.byteLength)
  }
}

/** Redacts a byte stream; the stage is skipped by callers when there are no secrets (zero copy). */
export async function* redactStream(chunks: AsyncIterable<Uint8Array>, forms: readonly string[]): AsyncGenerator<Uint8Array> {
  const redactor = new StreamRedactor(forms)
  try {
    for await (const chunk of chunks) {
      const out = redactor.push(chunk)
      if (out.byteLength > 0) yield out
    }
  } catch (error) {
    // The upstream broke off: what it sent before still reaches the client (the held tail would
    // otherwise cut the last event short, e.g. an event-stream frame missing its checksum).
    const rest = redactor.flush()
    if (rest.byteLength > 0) yield rest
    throw error
  }
  const rest = redactor.flush()
  if (rest.byteLength > 0) yield rest
}

/**
 * A whole body at once (a JSON answer, an error answer). Nearly every answer holds no echo of the
 * key: then the very bytes come back, after one scan.
 */
export function redactBytes(bytes: Uint8Array, forms: readonly string[]): Uint8Array {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  if (!matcherOf(forms, true).contains(text)) return bytes
  const redactor = new StreamRedactor(forms)
  return concatBytes([redactor.push(bytes), redactor.flush()])
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

