/**
 * Passthrough's counterpart of the translated stream's guard (src/proxy/translate-event-batches.ts): when the upstream bytes fail (timeout, size
 * bound, drop, drain window over), the client gets the protocol's own in-stream error event after
 * what arrived, instead of a cut connection its SDK reports as a network error. Only at an event
 * boundary: appended inside a half-forwarded event it would corrupt it, so there the failure
 * propagates and the connection is cut, as before.
 *
 * Where: passthrough SSE bodies, after readUpstreamBody and drainChunks, before withKeepalive.
 */
import { BridgeError } from '../core/errors.ts'
import { SseBoundary } from './sse-boundary.ts'

export async function* endSseWithErrorEvent(
  chunks: AsyncIterable<Uint8Array>,
  errorEvent: (error: BridgeError) => Promise<string>,
  clientGone: AbortSignal,
): AsyncGenerator<Uint8Array | string> {
  const boundary = new SseBoundary()
  try {
    for await (const chunk of chunks) {
      boundary.observe(chunk)
      yield chunk
    }
  } catch (error) {
    // Nobody to tell when the client left; a foreign error's text is never forwarded.
    if (clientGone.aborted || !boundary.atBoundary || !(error instanceof BridgeError)) throw error
    yield await errorEvent(error)
  }
}
