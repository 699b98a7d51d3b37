/**
 * Graceful shutdown for streams in flight. On SIGTERM the server calls `drain.begin(windowMs)`:
 * streams already running may finish within the window; when it ends, `drain.expired` aborts and
 * every stream still open ends with a canonical error event (so each client sees the protocol's
 * error, not a cut connection). `drain.idle()` resolves when the last stream has ended, so
 * main.ts can flush the log and exit as soon as possible.
 *
 * Where: `withDrain(events, drain)` after `endWithErrorEvent`, before `codec.encodeStream`; the
 * upstream signal should also include `drain.expired` (AbortSignal.any) so the upstream is
 * released at the same moment.
 */
import { BridgeError } from '../core/errors.ts'
import type { StreamEvent } from '../core/model/index.ts'

export type Drain = {
  readonly draining: boolean
  /** Aborts when the drain window is over. */
  readonly expired: AbortSignal
  begin: (windowMs: number) => void
  /** Counts a stream in flight; call the returned function when it ends. */
  enter: () => () => void
  inFlight: () => number
  /** Resolves once no stream is in flight (at once when none is). */
  idle: () => Promise<void>
}

export function createDrain(): Drain {
  const controller = new AbortController()
  let draining = false
  let count = 0
  let waiters: (() => void)[] = []
  const settle = (): void => {
    if (count > 0) return
    for (const wake of waiters) wake()
    waiters = []
  }
  return {
    get draining() {
      return draining
    },
    expired: controller.signal,
    begin(windowMs) {
      if (draining) return
      draining = true
      setTimeout(() => controller.abort(shuttingDownError()), windowMs).unref?.()
    },
    enter() {
      count++
      let left = false
      return () => {
        if (left) return
        left = true
        count--
        settle()
      }
    },
    inFlight: () => count,
    idle: () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  }
}

export function shuttingDownError(): BridgeError {
  return new BridgeError({
    kind: 'overloaded',
    code: 'UPSTREAM_ERROR',
    status: 503,
    retryable: true,
    message: 'The bridge is shutting down; the answer was cut at the end of the drain window',
  })
}

export async function* withDrain(events: AsyncIterable<StreamEvent>, drain: Drain): AsyncGenerator<StreamEvent> {
  const leave = drain.enter()
  const iterator = events[Symbol.asyncIterator]()
  let pending: Promise<IteratorResult<StreamEvent>> | undefined
  const expired = new Promise<'expired'>((resolve) => {
    if (drain.expired.aborted) resolve('expired')
    drain.expired.addEventListener('abort', () => resolve('expired'), { once: true })
  })
  try {
    while (true) {
      pending = iterator.next()
      const result = await Promise.race([pending, expired])
      if (result === 'expired') {
        yield { type: 'error', error: shuttingDownError() }
        return
      }
      pending = undefined
      if (result.done) return
      yield result.value
      if (result.value.type === 'response-end' || result.value.type === 'error') return
    }
  } finally {
    leave()
    // Do not wait for a pending next(): the upstream is released through `drain.expired`.
    void Promise.resolve(iterator.return?.()).catch(() => {})
  }
}
