/**
 * Waits for a pending `next()` at most `ms`. The pending promise is kept by the caller and raced
 * again later: an async iterator must never see a second `next()` while one is in flight.
 */
import { realSleep, type Sleep } from '../upstream/timeouts.ts'

export const TIMED_OUT = Symbol('timed out')

export async function within<T>(pending: Promise<T>, ms: number, sleep: Sleep = realSleep): Promise<T | typeof TIMED_OUT> {
  if (!(ms > 0) || !Number.isFinite(ms)) return pending
  // Real time: a bare timer. This runs once per streamed chunk (body reads, keepalive), and the
  // AbortController + listener + abort of the injectable path below cost ~20 % of the bridge's
  // CPU on translated SSE (bench profile, docs/performance.md).
  if (sleep === realSleep) return raceTimer(pending, ms)
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

async function raceTimer<T>(pending: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const elapsed = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMED_OUT)
  })
  try {
    return await Promise.race<T | typeof TIMED_OUT>([pending, elapsed])
  } finally {
    clearTimeout(timer)
  }
}
