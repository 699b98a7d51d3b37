/**
 * Stats over a window, computed in TypeScript as the window's rows stream past: exact
 * percentiles (nearest rank) are simpler to get right here than in SQLite, which has no
 * percentile function. Nothing holds the rows: each group keeps its sums and its latencies in a
 * typed array (48 bytes per row in all), so 30 days of a busy log cost megabytes, not the
 * hundreds a row object each took.
 */
import type { Stats, StatsBucket, StatsFigures, StatsParams } from './log-query.ts'
import type { StatsSample } from './log-store.ts'

const BUCKET_MS: Record<StatsBucket, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }

export function computeStats(samples: Iterable<StatsSample>, params: StatsParams): Stats {
  const size = BUCKET_MS[params.bucket]
  const totals = new Figures()
  const buckets = new Map<number, Figures>()
  const models = new Map<string, { provider: string | null; model: string | null; figures: Figures }>()
  for (const sample of samples) {
    totals.add(sample)
    const start = Math.floor(sample.startedAt / size) * size
    let bucket = buckets.get(start)
    if (bucket === undefined) buckets.set(start, (bucket = new Figures()))
    bucket.add(sample)
    const key = JSON.stringify([sample.provider, sample.model])
    let model = models.get(key)
    if (model === undefined) models.set(key, (model = { provider: sample.provider, model: sample.model, figures: new Figures() }))
    model.figures.add(sample)
  }
  return {
    from: params.from,
    to: params.to,
    bucket: params.bucket,
    totals: totals.result(),
    buckets: [...buckets.entries()]
      .map(([start, figures]) => ({ start, ...figures.result() }))
      .sort((left, right) => left.start - right.start),
    models: [...models.values()]
      .map(({ provider, model, figures }) => ({ provider, model, ...figures.result() }))
      .sort((left, right) => right.requests - left.requests),
  }
}

/** One group's running figures. */
class Figures {
  private readonly sums: Omit<StatsFigures, 'latencyP50Ms' | 'latencyP95Ms' | 'ttfbP50Ms' | 'ttfbP95Ms'> = {
    requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0, unpricedRequests: 0,
  }
  private readonly latencies = new Values()
  private readonly ttfbs = new Values()

  add(sample: StatsSample): void {
    const sums = this.sums
    sums.requests += 1
    if (sample.status >= 400) sums.errors += 1
    sums.inputTokens += sample.inputTokens
    sums.outputTokens += sample.outputTokens
    sums.cacheReadTokens += sample.cacheReadTokens
    sums.cacheWriteTokens += sample.cacheWriteTokens
    sums.reasoningTokens += sample.reasoningTokens
    if (sample.costUsd === null) sums.unpricedRequests += 1
    else sums.costUsd += sample.costUsd
    this.latencies.push(sample.durationMs)
    if (sample.ttfbMs !== null) this.ttfbs.push(sample.ttfbMs)
  }

  result(): StatsFigures {
    const latencies = this.latencies.sorted()
    const ttfbs = this.ttfbs.sorted()
    return {
      requests: this.sums.requests,
      errors: this.sums.errors,
      latencyP50Ms: nearestRank(latencies, 0.5),
      latencyP95Ms: nearestRank(latencies, 0.95),
      ttfbP50Ms: nearestRank(ttfbs, 0.5),
      ttfbP95Ms: nearestRank(ttfbs, 0.95),
      inputTokens: this.sums.inputTokens,
      outputTokens: this.sums.outputTokens,
      cacheReadTokens: this.sums.cacheReadTokens,
      cacheWriteTokens: this.sums.cacheWriteTokens,
      reasoningTokens: this.sums.reasoningTokens,
      costUsd: this.sums.costUsd,
      unpricedRequests: this.sums.unpricedRequests,
    }
  }
}

/** A growable array of numbers (doubles when full). */
class Values {
  private values = new Float64Array(8)
  private length = 0

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2)
      grown.set(this.values)
      this.values = grown
    }
    this.values[this.length++] = value
  }

  /** The values in ascending order (a typed array sorts numerically). */
  sorted(): Float64Array {
    return this.values.subarray(0, this.length).sort()
  }
}

/** Nearest-rank percentile of ascending values: always a value that was observed. */
function nearestRank(sorted: Float64Array, fraction: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.max(Math.ceil(fraction * sorted.length), 1)
  return sorted[rank - 1] ?? null
}
