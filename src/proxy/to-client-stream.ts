/**
 * The HTTP edge of a stream: an async iterator of wire chunks becomes a pull-based ReadableStream
 * (one chunk is produced per read, so a slow client slows the upstream, never a growing buffer).
 * Cancel (the client went away) aborts the upstream fetch first, then closes the iterator chain
 * through return() (LESSONS #23).
 */
export type ClientStreamHooks = {
  onChunk: (byteLength: number) => void
  /** Called exactly once: 'done', 'cancel' (client gone) or 'error' (the chain threw). */
  onEnd: (outcome: 'done' | 'cancel' | 'error', error?: unknown) => void
  abortUpstream: () => void
}

export function toClientStream(chunks: AsyncIterable<string | Uint8Array>, hooks: ClientStreamHooks): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]()
  const encoder = new TextEncoder()
  let ended = false
  const end = (outcome: 'done' | 'cancel' | 'error', error?: unknown): void => {
    if (ended) return
    ended = true
    hooks.onEnd(outcome, error)
  }
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await iterator.next()
          if (ended) return
          if (next.done) {
            end('done')
            controller.close()
            return
          }
          const bytes = typeof next.value === 'string' ? encoder.encode(next.value) : next.value
          hooks.onChunk(bytes.byteLength)
          controller.enqueue(bytes)
        } catch (error) {
          if (ended) return
          end('error', error)
          hooks.abortUpstream()
          controller.error(error)
        }
      },
      async cancel() {
        end('cancel')
        hooks.abortUpstream()
        await iterator.return?.().catch(() => {})
      },
    },
    { highWaterMark: 0 },
  )
}

/** A body stream as an async iterable; return() (client gone) cancels the body, which ends the upstream fetch. */
export async function* readChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader()
  let finished = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) {
        finished = true
        return
      }
      yield value
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {})
    reader.releaseLock()
  }
}
