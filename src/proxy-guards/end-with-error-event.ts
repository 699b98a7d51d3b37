/**
 * Passthrough's counterpart of the translated stream's guard (src/proxy/translate-event-batches.ts):
 * when the upstream bytes fail (timeout, size bound, drop, drain window over), the client gets the
 * protocol's own in-stream error event after what arrived (an SSE error event, an AWS exception
 * frame), instead of a cut connection its SDK reports as a network error. Only at an event
 * boundary: appended inside a half-forwarded event it would corrupt it, so there the failure
 * propagates and the connection is cut, as before.
 *
 * Where: passthrough bodies, after readUpstreamBody and drainChunks, before withKeepalive.
 */
import { BridgeError } from '../core/errors.ts'

/** Where the bytes forwarded so far end, in the stream's framing (sse-boundary.ts, event-stream-boundary.ts). */
export type StreamBoundary = { observe(chunk: Uint8Array | string): void; readonly atBoundary: boolean }

export async function* endWithErrorEvent(
  chunks: AsyncIterable<Uint8Array>,
  boundary: StreamBoundary,
  errorEvent: (error: BridgeError) => Promise<Uint8Array>,
  clientGone: AbortSignal,
): AsyncGenerator<Uint8Array> {
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
