/**
 * Upstream OpenAI Chat SSE bytes → canonical events. Never throws out of the generator: invalid
 * JSON, oversized events, an in-stream `{"error":…}` payload and a stream cut before its finish
 * all become one terminal canonical `error` event.
 * @see ../../../../../shared/protocols/openai-chat.md §8
 */
import { BridgeError } from '../../errors.ts'
import { decodeSseBatches } from '../../framing/sse-decoder.ts'
import type { StreamEvent } from '../../model/index.ts'
import { ChunkDecoder } from './decode-chunk.ts'
import { decodeStreamErrorPayload } from './decode-error.ts'
import { isObject } from './narrow.ts'
import { parseJsonOrUndefined } from '../read-json.ts'

/**
 * One array of events per upstream body chunk (never empty): the proxy's translated hot path
 * handles a batch in one async step and writes it to the client as one chunk.
 */
export async function* decodeOpenaiStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent[]> {
  const decoder = new ChunkDecoder()
  let sawDone = false
  let out: StreamEvent[] = []
  const take = (): StreamEvent[] => {
    const events = out
    for (const event of decoder.take()) events.push(event)
    out = []
    return events
  }
  try {
    batches: for await (const batch of decodeSseBatches(body)) {
      for (const sse of batch) {
        const data = sse.data.trim()
        // Some buggy servers send `data: DONE` without brackets.
        if (data === '[DONE]' || data === 'DONE') {
          sawDone = true
          break batches
        }
        if (data === '') continue
        const chunk = parseJsonOrUndefined(data)
        if (!isObject(chunk)) {
          decoder.fail({ type: 'error', error: BridgeError.brokenUpstreamStream('The upstream sent an event that is not a JSON object') })
          yield take()
          return
        }
        if (chunk.error !== undefined && chunk.error !== null) {
          decoder.fail({ type: 'error', error: decodeStreamErrorPayload(chunk) })
          yield take()
          return
        }
        decoder.onChunk(chunk)
        for (const event of decoder.take()) out.push(event)
      }
      if (out.length > 0) yield take()
    }
  } catch (error) {
    // A BridgeError from the body guard (timeout, size bound) is already safe and names the cause;
    // anything else (oversized SSE event, broken body) may carry upstream bytes in its text.
    const failure = error instanceof BridgeError ? error : BridgeError.brokenUpstreamStream('The upstream stream broke off while it was being read')
    decoder.fail({ type: 'error', error: failure })
    yield take()
    return
  }
  if (sawDone || decoder.finished) decoder.end()
  else decoder.fail({ type: 'error', error: BridgeError.brokenUpstreamStream('The upstream stream ended before a finish_reason or [DONE]') })
  const last = take()
  if (last.length > 0) yield last
}


