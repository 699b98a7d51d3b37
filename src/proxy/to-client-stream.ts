/**
 * The HTTP edge of a stream: an async iterator of wire chunks becomes a pull-based ReadableStream
 * (one chunk is produced per read, so a slow client slows the upstream, never a growing buffer).
 * Cancel (the client went away) aborts the upstream fetch first, then closes the iterator chain
 * through return() (LESSONS #23). `closeSignal` ends it from our side (a client that stopped
 * reading): erroring the stream makes the server close the connection although nobody reads.
 */
export type ClientStreamHooks = {
  /** Each chunk as it is handed to the client (observe only, never change or keep it). */
  onChunk: (bytes: Uint8Array) => void
  /** Called exactly once: 'done', 'cancel' (client gone or dropped) or 'error' (the chain threw). */
  onEnd: (outcome: 'done' | 'cancel' | 'error', error?: unknown) => void
  abortUpstream: () => void
  /** Aborted to drop the client; its reason goes to onEnd('cancel', reason). */
  closeSignal?: AbortSignal
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
      start(controller) {
        hooks.closeSignal?.addEventListener('abort', () => {
          if (ended) return
          end('cancel', hooks.closeSignal?.reason)
          hooks.abortUpstream()
          controller.error(hooks.closeSignal?.reason)
          // The chain is suspended in a yield (nobody pulls): return() unwinds it now.
          void Promise.resolve(iterator.return?.()).catch(() => {})
        }, { once: true })
      },
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
          hooks.onChunk(bytes)
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
