/**
 * Waits for a pending `next()` at most `ms`. The pending promise is kept by the caller and raced
 * again later: an async iterator must never see a second `next()` while one is in flight.
 */
import { realSleep, type Sleep } from '../upstream/timeouts.ts'

export const TIMED_OUT = Symbol('timed out')

export async function within<T>(pending: Promise<T>, ms: number, sleep: Sleep = realSleep): Promise<T | typeof TIMED_OUT> {
  if (!(ms > 0) || !Number.isFinite(ms)) return pending
  const timer = new AbortController()
  const elapsed: Promise<typeof TIMED_OUT> = sleep(ms, timer.signal).then(
    () => TIMED_OUT,
    // Cancelled because `pending` won: this branch's value is never used.
    () => TIMED_OUT,
  )
  try {
    return await Promise.race<T | typeof TIMED_OUT>([pending, elapsed])
  } finally {
    timer.abort()
  }
}
