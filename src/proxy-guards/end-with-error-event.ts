/**
 * Guarantees the canonical stream ends with exactly one terminal event. A throw from anywhere
 * upstream of this stage (body read error, timeout, size bound, oversized SSE event, a codec
 * bug) becomes an `error` event after the events that did arrive; a source that simply stops
 * without `response-end` (connection closed cleanly but early) gets one too, so the client never
 * sees a success marker for a truncated answer.
 *
 * Where: directly after `codec.decodeStream(...)`, before any stage that relies on the
 * invariants (encoder, log observer).
 */
import { BridgeError } from '../core/errors.ts'
import type { StreamEvent } from '../core/model/index.ts'

export async function* endWithErrorEvent(events: AsyncIterable<StreamEvent>): AsyncGenerator<StreamEvent> {
  let ended = false
  try {
    for await (const event of events) {
      yield event
      if (event.type === 'response-end' || event.type === 'error') {
        ended = true
        return
      }
    }
    if (!ended) yield { type: 'error', error: truncatedError() }
  } catch (error) {
    if (!ended) yield { type: 'error', error: asBridgeError(error) }
  }
}

function truncatedError(): BridgeError {
  return new BridgeError({
    kind: 'upstream',
    code: 'UPSTREAM_ERROR',
    status: 502,
    message: 'The upstream stream ended before the answer was complete',
  })
}

function asBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error
  // Never forward a raw exception text: it may carry a URL with a key, or upstream garbage.
  const name = error instanceof Error ? error.name : 'error'
  return new BridgeError({
    kind: 'upstream',
    code: 'UPSTREAM_ERROR',
    status: 502,
    message: `The upstream stream failed mid-answer (${name})`,
  })
}
