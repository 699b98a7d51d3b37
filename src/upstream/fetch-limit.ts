/**
 * Bun's fetch keeps at most BUN_CONFIG_MAX_HTTP_REQUESTS requests in flight per process (256 when
 * unset) and queues the rest silently: past that many concurrent proxied requests, the next
 * client waits, with no error, until another upstream call ends (a streaming agent session can
 * hold its slot for minutes). Bun reads the variable once, at process start (setting it in
 * process.env later changes nothing; measured), so the bridge cannot raise it for itself: it
 * says so, once, when the limit is reached, and `make run` starts it with a higher one.
 */
export const BUN_DEFAULT_MAX_HTTP_REQUESTS = 256
export const RECOMMENDED_MAX_HTTP_REQUESTS = 4096

/** The limit this process started with. */
export function fetchLimitOf(env: Record<string, string | undefined>): number {
  const value = Number(env.BUN_CONFIG_MAX_HTTP_REQUESTS)
  return Number.isInteger(value) && value > 0 ? value : BUN_DEFAULT_MAX_HTTP_REQUESTS
}

export function fetchLimitWarning(limit: number): string {
  return `llm-bridge: ${limit} proxied requests in flight, the most Bun's fetch runs at once; more wait for a free slot. ` +
    `Start llm-bridge with BUN_CONFIG_MAX_HTTP_REQUESTS=${Math.max(RECOMMENDED_MAX_HTTP_REQUESTS, limit * 4)} in its environment to raise it.`
}

/**
 * Checks the in-flight count every `everyMs` and says fetchLimitWarning once when it reaches the
 * limit (a timer, not a check per request: this is off the hot path). Returns the stop function.
 */
export function watchFetchLimit(inFlight: () => number, limit: number, say: (line: string) => void, everyMs = 1_000): () => void {
  let warned = false
  const timer = setInterval(() => {
    if (warned || inFlight() < limit) return
    warned = true
    say(fetchLimitWarning(limit))
  }, everyMs)
  timer.unref?.()
  return () => clearInterval(timer)
}
