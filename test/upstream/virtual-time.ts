/**
 * Virtual time for retry tests: `sleep` returns at once and moves `now` forward, recording each
 * wait, so backoff and deadlines are asserted exactly without waiting.
 */
export type VirtualTime = {
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  slept: number[]
}

export function virtualTime(start = Date.parse('2026-01-01T00:00:00Z')): VirtualTime {
  let current = start
  const slept: number[] = []
  return {
    now: () => current,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason
      slept.push(ms)
      current += ms
    },
    slept,
  }
}
