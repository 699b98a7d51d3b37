/**
 * Makes the canonical event stream end properly whatever happens inside it: an exception in a
 * decoder or a broken upstream body becomes one canonical `error` event (which each encoder
 * renders as its protocol's in-stream error, with no success marker), a stream that stops
 * without a terminal event gets one, and nothing passes after the terminal event.
 */
import { BridgeError } from '../core/errors.ts'
import type { StreamEvent } from '../core/model/index.ts'

export async function* guardEvents(events: AsyncIterable<StreamEvent>, signal: AbortSignal): AsyncGenerator<StreamEvent> {
  let terminated = false
  try {
    for await (const event of events) {
      yield event
      if (event.type === 'response-end' || event.type === 'error') {
        terminated = true
        return
      }
    }
  } catch (error) {
    // The client is gone: nobody to tell, and the abort is not an upstream failure.
    if (signal.aborted) throw error
    yield { type: 'error', error: asStreamError(error) }
    return
  }
  if (!terminated) {
    yield {
      type: 'error',
      error: new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'The upstream stream ended before the response was complete' }),
    }
  }
}

function asStreamError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error
  // Only decoders run inside this guard, on upstream bytes: a body that breaks off (connection
  // reset) or garbage that trips a decoder is an upstream failure. The text is never echoed.
  return new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, retryable: true, message: 'The upstream stream broke off' })
}
