/**
 * Retry hints from an OpenAI-style error response, in whole seconds.
 * Order: `retry-after-ms`, `retry-after` (seconds or HTTP date), then the longest of
 * `x-ratelimit-reset-requests|tokens` (Go durations such as `6m0s`, `12ms`, `1h2m3.5s`).
 * @see ../../../../../shared/protocols/mapping.md §9.2
 */
export function readRetryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms') ?? Number.NaN)
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.ceil(milliseconds / 1000)
  const retryAfter = headers.get('retry-after')
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
    const date = Date.parse(retryAfter)
    if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - now) / 1000))
  }
  const resets = ['x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens']
    .map((name) => parseGoDuration(headers.get(name)))
    .filter((value): value is number => value !== undefined)
  return resets.length === 0 ? undefined : Math.ceil(Math.max(...resets))
}

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001, µs: 0.000001, ns: 1e-9 }

/** `6m0s` → 360; `12ms` → 0.012; undefined when the value is not a duration. */
export function parseGoDuration(value: string | null): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (!/^(\d+(\.\d+)?(h|ms|us|µs|ns|m|s))+$/.test(text)) return undefined
  let total = 0
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)) {
    total += Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 0)
  }
  return total
}
