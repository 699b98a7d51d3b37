/**
 * Graceful shutdown for streams in flight. On SIGTERM the server calls `drain.begin(windowMs)`:
 * streams already running may finish within the window; when it ends, `drain.expired` aborts and
 * every stream still open ends with a canonical error event (so each client sees the protocol's
 * error, not a cut connection). `drain.idle()` resolves when the last stream has ended, so
 * main.ts can flush the log and exit as soon as possible.
 *
 * Where: translate-event-batches.ts for translated streams, drainChunks for passthrough; when the
 * window ends the proxy also aborts the request's AbortController, so the upstream is released
 * at the same moment.
 */
import { BridgeError } from '../core/errors.ts'
import { SignalRace, SIGNALLED } from './signal-race.ts'

export type Drain = {
  readonly draining: boolean
  /** Aborts when the drain window is over. */
  readonly expired: AbortSignal
  begin: (windowMs: number) => void
  /**
   * Counts a request or stream in flight; call the returned function when it ends. `onExpired`
   * runs once if the window ends first (at once when it already has): a Set entry per request
   * instead of an abort listener added and removed on the server-wide signal each time.
   */
  enter: (onExpired?: () => void) => () => void
  inFlight: () => number
  /** Resolves once no stream is in flight (at once when none is). */
  idle: () => Promise<void>
}

export function createDrain(): Drain {
  const controller = new AbortController()
  let draining = false
  let count = 0
  let waiters: (() => void)[] = []
  const expiring = new Set<() => void>()
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
      setTimeout(() => {
        controller.abort(shuttingDownError())
        for (const onExpired of expiring) onExpired()
        expiring.clear()
      }, windowMs).unref?.()
    },
    enter(onExpired) {
      count++
      if (onExpired !== undefined) {
        if (controller.signal.aborted) onExpired()
        else expiring.add(onExpired)
      }
      let left = false
      return () => {
        if (left) return
        left = true
        if (onExpired !== undefined) expiring.delete(onExpired)
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

/** A new request that reaches the bridge (on a kept-alive connection) after SIGTERM. */
export function drainingError(): BridgeError {
  return new BridgeError({
    kind: 'overloaded',
    code: 'UPSTREAM_ERROR',
    status: 503,
    retryable: true,
    message: 'The bridge is shutting down and takes no new requests; retry against another instance',
  })
}

/**
 * Passthrough bytes, counted as in flight until they end or the drain window does; the window's
 * end is thrown as shuttingDownError, for a later stage to render as the protocol's error event.
 * (Translated streams do the same inside translate-event-batches.ts.)
 */
export async function* drainChunks<T>(chunks: AsyncIterable<T>, drain: Drain): AsyncGenerator<T> {
  if ((yield* untilExpired(chunks, drain)) === 'expired') throw shuttingDownError()
}

async function* untilExpired<T>(items: AsyncIterable<T>, drain: Drain): AsyncGenerator<T, 'expired' | 'done'> {
  const leave = drain.enter()
  const iterator = items[Symbol.asyncIterator]()
  const expiry = new SignalRace(drain.expired)
  try {
    while (true) {
      const result = await expiry.next(iterator.next())
      if (result === SIGNALLED) return 'expired'
      if (result.done) return 'done'
      yield result.value
    }
  } finally {
    leave()
    expiry.dispose()
    // Do not wait for a pending next(): the upstream is released through `drain.expired`.
    void Promise.resolve(iterator.return?.()).catch(() => {})
  }
}
