/**
 * Upstream Gemini stream bytes → canonical event batches, one per body chunk. Reads both framings
 * (stream-framer.ts). Never throws out of the generator: invalid JSON, an in-stream
 * `{"error":…}` chunk, a broken body and a stream cut before any finishReason all end in one
 * canonical `error` event.
 * @see ../../../../../shared/protocols/gemini.md §8
 * @see ../../../../../shared/protocols/mapping.md §10.4
 */
import { BridgeError } from '../../errors.ts'
import type { StreamEvent } from '../../model/index.ts'
import { ChunkDecoder } from './decode-chunk.ts'
import { decodeStreamErrorPayload } from './decode-error.ts'
import { isObject } from './read-json.ts'
import { parseJsonOrUndefined } from '../read-json.ts'
import { StreamFramer } from './stream-framer.ts'

export async function* decodeGeminiStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent[]> {
  const decoder = new ChunkDecoder()
  const framer = new StreamFramer()
  /** false when the chunk ended the stream with an error. */
  const handle = (payloads: readonly string[]): boolean => {
    for (const payload of payloads) {
      const chunk = parseJsonOrUndefined(payload)
      if (!isObject(chunk)) {
        decoder.fail({ type: 'error', error: BridgeError.brokenUpstreamStream('The upstream sent a stream chunk that is not a JSON object') })
        return false
      }
      if (isObject(chunk.error)) {
        decoder.fail({ type: 'error', error: decodeStreamErrorPayload(chunk) })
        return false
      }
      decoder.onChunk(chunk)
    }
    return true
  }
  try {
    for await (const bytes of body) {
      const ok = handle(framer.push(bytes))
      const events = decoder.take()
      if (events.length > 0) yield events
      if (!ok) return
    }
    if (!handle(framer.end())) {
      yield decoder.take()
      return
    }
  } catch (error) {
    // A BridgeError from the body guard (timeout, size bound) names its cause; anything else may
    // carry upstream bytes in its text.
    decoder.fail({ type: 'error', error: error instanceof BridgeError ? error : BridgeError.brokenUpstreamStream('The upstream stream broke off while it was being read') })
    yield decoder.take()
    return
  }
  if (decoder.finished) decoder.end()
  else decoder.fail({ type: 'error', error: BridgeError.brokenUpstreamStream('The upstream stream ended before a finishReason') })
  yield decoder.take()
}


