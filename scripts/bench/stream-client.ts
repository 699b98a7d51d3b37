/**
 * The streaming load client, run as its own process on the load core (`bun stream-client.ts
 * <spec.json>`; prints one JSON line): N concurrent streams started together, each timed for
 * time to first byte, the longest gap between chunks and whole-stream time. Bun's fetch allows
 * only 256 requests in flight unless BUN_CONFIG_MAX_HTTP_REQUESTS says otherwise (run.ts sets it).
 */
export type StreamSpec = { url: string; body: string; headers: Record<string, string>; concurrency: number; rounds: number }
export type StreamTiming = { ttfbMs: number; totalMs: number; maxGapMs: number; chunks: number; ok: boolean }
export type StreamSummary = {
  streams: number
  errors: number
  ttfbMs: { p50: number; p99: number }
  maxGapMs: { p50: number; p99: number; max: number }
  totalMs: { p50: number; p99: number }
}

export async function timeStream(url: string, body: string, headers: Record<string, string> = {}): Promise<StreamTiming> {
  const start = performance.now()
  try {
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })
    if (!response.body) return { ttfbMs: 0, totalMs: 0, maxGapMs: 0, chunks: 0, ok: false }
    const reader = response.body.getReader()
    let first = 0
    let last = 0
    let maxGap = 0
    let chunks = 0
    for (;;) {
      const { done } = await reader.read()
      const now = performance.now()
      if (done) break
      if (chunks === 0) first = now
      else maxGap = Math.max(maxGap, now - last)
      last = now
      chunks++
    }
    return { ttfbMs: first - start, totalMs: performance.now() - start, maxGapMs: maxGap, chunks, ok: response.ok && chunks > 0 }
  } catch {
    return { ttfbMs: 0, totalMs: performance.now() - start, maxGapMs: 0, chunks: 0, ok: false }
  }
}

export function median(values: number[]): number {
  return percentile(values, 50)
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  if (p === 50) {
    const middle = Math.floor(sorted.length / 2)
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export function summarize(timings: StreamTiming[]): StreamSummary {
  const ok = timings.filter((t) => t.ok)
  const pick = (f: (t: StreamTiming) => number, p: number) => percentile(ok.map(f), p)
  return {
    streams: timings.length,
    errors: timings.length - ok.length,
    ttfbMs: { p50: pick((t) => t.ttfbMs, 50), p99: pick((t) => t.ttfbMs, 99) },
    maxGapMs: { p50: pick((t) => t.maxGapMs, 50), p99: pick((t) => t.maxGapMs, 99), max: Math.max(0, ...ok.map((t) => t.maxGapMs)) },
    totalMs: { p50: pick((t) => t.totalMs, 50), p99: pick((t) => t.totalMs, 99) },
  }
}

/** `rounds` times: `concurrency` streams at once, all awaited. */
export async function runStreams(spec: StreamSpec): Promise<StreamSummary> {
  const timings: StreamTiming[] = []
  for (let round = 0; round < spec.rounds; round++) {
    timings.push(...(await Promise.all(Array.from({ length: spec.concurrency }, () => timeStream(spec.url, spec.body, spec.headers)))))
  }
  return summarize(timings)
}

if (import.meta.main) {
  const spec = (await Bun.file(process.argv[2]!).json()) as StreamSpec
  console.log(`STREAMS_JSON ${JSON.stringify(await runStreams(spec))}`)
}
