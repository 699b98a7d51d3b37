/** A small streaming client: time to first byte, gaps between chunks and whole-stream time. */
export type StreamTiming = { ttfbMs: number; totalMs: number; maxGapMs: number; chunks: number; ok: boolean }

export async function timeStream(url: string, body: string, headers: Record<string, string> = {}): Promise<StreamTiming> {
  const start = performance.now()
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
  return { ttfbMs: first - start, totalMs: performance.now() - start, maxGapMs: maxGap, chunks, ok: response.ok }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
