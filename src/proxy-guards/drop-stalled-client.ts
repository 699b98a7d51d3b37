/**
 * A client that stops reading holds an upstream connection (and the model's bill) open forever,
 * because a pull-based stream simply waits for it. When a chunk has been handed over and the
 * client has not asked for the next one within `stallMs`, `onStall` runs: the proxy aborts the
 * upstream and closes the client connection (e.g. `server.timeout(request, 1)` to re-arm Bun's
 * idle timer that was lifted for slow first tokens).
 *
 * Where: the last stage before the ReadableStream, after `withKeepalive` (keepalives are chunks
 * too: a client that reads them is alive).
 */
import { StreamDeadline } from './stream-deadline.ts'

export type StallGuardOptions = { stallMs: number; onStall: () => void }

export async function* dropStalledClient<T>(chunks: AsyncIterable<T>, options: StallGuardOptions): AsyncGenerator<T> {
  if (!(options.stallMs > 0)) return yield* chunks
  // One timer for the stream, re-armed per chunk (a new timer per chunk cost CPU per event).
  const deadline = new StreamDeadline(options.onStall)
  try {
    for await (const chunk of chunks) {
      // Armed while suspended in `yield`: only the client's next read disarms it.
      deadline.arm(options.stallMs)
      try {
        yield chunk
      } finally {
        deadline.disarm()
      }
    }
  } finally {
    deadline.stop()
  }
}
