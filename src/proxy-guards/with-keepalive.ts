/**
 * While the upstream is silent on an open stream, sends a keepalive every `intervalMs` so clients
 * and reverse proxies (nginx 60 s, Cloudflare 100 s) do not time out a model that is thinking.
 * Works on client wire chunks, between whole events (encoders yield one event per chunk), so a
 * keepalive never lands inside an event; passthrough bytes pass a `boundary` (sse-boundary.ts)
 * because an upstream chunk may end mid-event. No keepalive while data flows.
 *
 * Where: after `codec.encodeStream(...)` (or the passthrough bytes), before the ReadableStream.
 * The frame is the client protocol's (its codec's `stream.keepalive`); binary framings have none.
 */
import { realSleep, type Sleep } from '../upstream/timeouts.ts'
import { TIMED_OUT, within } from './race-next.ts'
import { StreamDeadline } from './stream-deadline.ts'

export type KeepaliveOptions<T> = {
  intervalMs: number
  keepalive: T
  sleep?: Sleep
  /**
   * For chunks that may end inside an event (passthrough bytes): told every chunk passed on, and
   * asked before a keepalive is inserted; a keepalive waits while it says no.
   */
  boundary?: { observe: (chunk: T) => void; readonly atBoundary: boolean }
}

export async function* withKeepalive<T>(chunks: AsyncIterable<T>, options: KeepaliveOptions<T>): AsyncGenerator<T> {
  const iterator = chunks[Symbol.asyncIterator]()
  const sleep = options.sleep ?? realSleep
  // Real time: one timer for the stream, re-armed per wait, instead of a new timer per chunk.
  let wake: ((value: typeof TIMED_OUT) => void) | undefined
  const deadline = sleep === realSleep ? new StreamDeadline(() => wake?.(TIMED_OUT)) : undefined
  const wait = (pending: Promise<IteratorResult<T>>): Promise<IteratorResult<T> | typeof TIMED_OUT> => {
    if (deadline === undefined) return within(pending, options.intervalMs, sleep)
    if (!(options.intervalMs > 0) || !Number.isFinite(options.intervalMs)) return pending
    deadline.arm(options.intervalMs)
    return Promise.race([pending, new Promise<typeof TIMED_OUT>((resolve) => (wake = resolve))])
  }
  let pending: Promise<IteratorResult<T>> | undefined
  let finished = false
  try {
    while (true) {
      pending ??= iterator.next()
      const result = await wait(pending)
      deadline?.disarm()
      wake = undefined
      if (result === TIMED_OUT) {
        if (options.boundary === undefined || options.boundary.atBoundary) yield options.keepalive
        continue
      }
      pending = undefined
      if (result.done) {
        finished = true
        return
      }
      options.boundary?.observe(result.value)
      yield result.value
    }
  } finally {
    deadline?.stop()
    // A pending next() would make an awaited return() wait for the upstream: fire and forget.
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => {})
  }
}
