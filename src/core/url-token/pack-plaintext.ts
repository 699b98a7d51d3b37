/**
 * The plaintext is one encoding byte then the payload: 0 = compact JSON as UTF-8,
 * 1 = the same JSON through deflate-raw. Deflate is kept only when it is shorter, which it is for
 * configs with long keys, model maps or AWS session tokens, and not for the smallest ones.
 * (Compressing before encrypting leaks length; it is harmless here because the whole plaintext
 * comes from the one party who sees the token.)
 */
import { MAX_PLAINTEXT_BYTES } from './token-format.ts'
import { concatBytes } from '../concat-bytes.ts'

const RAW = 0
const DEFLATE = 1

export async function packPlaintext(json: Uint8Array): Promise<Uint8Array> {
  const deflated = await transform(json, new CompressionStream('deflate-raw'), Number.POSITIVE_INFINITY)
  const useDeflate = deflated !== undefined && deflated.length < json.length
  const payload = useDeflate ? deflated : json
  const out = new Uint8Array(payload.length + 1)
  out[0] = useDeflate ? DEFLATE : RAW
  out.set(payload, 1)
  return out
}

/** Returns the JSON bytes, or undefined for an unknown encoding or output beyond the cap. */
export async function unpackPlaintext(plaintext: Uint8Array): Promise<Uint8Array | undefined> {
  const payload = plaintext.subarray(1)
  if (plaintext[0] === RAW) return payload.length <= MAX_PLAINTEXT_BYTES ? payload : undefined
  if (plaintext[0] === DEFLATE) {
    return transform(payload, new DecompressionStream('deflate-raw'), MAX_PLAINTEXT_BYTES)
  }
  return undefined
}

/** Runs bytes through a (de)compression stream, giving up past `limit` output bytes. */
async function transform(input: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array | undefined> {
  const reader = new Blob([input as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.length
      if (total > limit) {
        await reader.cancel()
        return undefined
      }
      chunks.push(value)
    }
  } catch {
    return undefined
  }
  return concatBytes(chunks)
}
