/**
 * Upstream Responses SSE bytes → canonical event batches, one per body chunk. Never throws out of
 * the generator: invalid JSON, an oversized event, an `error` / `response.failed` event inside the
 * HTTP 200 stream and a stream that stops before its terminal event all end with one canonical
 * `error` event. The stream ends at `response.completed`, `response.incomplete`, `response.done`
 * (Codex backends) or `response.failed`; a `data: [DONE]` some gateways append is tolerated.
 * @see ../../../../../shared/protocols/openai-responses.md §8
 */
import { BridgeError } from '../../errors.ts'
import { decodeSseBatches } from '../../framing/sse-decoder.ts'
import type { StreamEvent } from '../../model/index.ts'
import { isObject } from '../openai/narrow.ts'
import { parseJsonOrUndefined } from '../read-json.ts'
import { StreamEventDecoder } from './stream-event-decoder.ts'

export async function* decodeOpenaiResponsesStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent[]> {
  const decoder = new StreamEventDecoder()
  let sawDone = false
  try {
    for await (const batch of decodeSseBatches(body)) {
      for (const sse of batch) {
        const data = sse.data.trim()
        if (data === '') continue
        // The end of the body as far as the gateway is concerned, with or without a terminal event.
        sawDone = data === '[DONE]'
        if (sawDone) break
        const event = parseJsonOrUndefined(data)
        if (!isObject(event)) decoder.fail(BridgeError.brokenUpstreamStream('The upstream sent an event that is not a JSON object'))
        else decoder.onEvent(event)
        if (decoder.finished) break
      }
      const events = decoder.take()
      if (events.length > 0) yield events
      if (decoder.finished) return
      if (sawDone) break
    }
  } catch (error) {
    // A BridgeError from the body guard names its cause; anything else may carry upstream bytes.
    decoder.fail(error instanceof BridgeError ? error : BridgeError.brokenUpstreamStream('The upstream stream broke off while it was being read'))
  }
  decoder.fail(BridgeError.brokenUpstreamStream('The upstream stream ended before response.completed'))
  const last = decoder.take()
  if (last.length > 0) yield last
}


