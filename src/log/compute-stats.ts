/**
 * Stats over a window, computed in TypeScript from the window's rows: exact percentiles (nearest
 * rank) are simpler to get right here than in SQLite, which has no percentile function.
 */
import type { Stats, StatsBucket, StatsFigures, StatsParams } from './log-query.ts'
import type { StatsSample } from './log-store.ts'

const BUCKET_MS: Record<StatsBucket, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }

export function computeStats(samples: readonly StatsSample[], params: StatsParams): Stats {
  const size = BUCKET_MS[params.bucket]
  const byBucket = groupBy(samples, (sample) => String(Math.floor(sample.startedAt / size) * size))
  const byModel = groupBy(samples, (sample) => JSON.stringify([sample.provider, sample.model]))
  return {
    from: params.from,
    to: params.to,
    bucket: params.bucket,
    totals: figures(samples),
    buckets: [...byBucket.entries()]
      .map(([start, group]) => ({ start: Number(start), ...figures(group) }))
      .sort((left, right) => left.start - right.start),
    models: [...byModel.values()]
      .map((group) => ({ provider: group[0]?.provider ?? null, model: group[0]?.model ?? null, ...figures(group) }))
      .sort((left, right) => right.requests - left.requests),
  }
}

function groupBy(samples: readonly StatsSample[], keyOf: (sample: StatsSample) => string): Map<string, StatsSample[]> {
  const groups = new Map<string, StatsSample[]>()
  for (const sample of samples) {
    const key = keyOf(sample)
    const group = groups.get(key)
    if (group) group.push(sample)
    else groups.set(key, [sample])
  }
  return groups
}

function figures(samples: readonly StatsSample[]): StatsFigures {
  const latencies = samples.map((sample) => sample.durationMs)
  const ttfbs = samples.flatMap((sample) => (sample.ttfbMs === null ? [] : [sample.ttfbMs]))
  const sum = (pick: (sample: StatsSample) => number): number => samples.reduce((total, sample) => total + pick(sample), 0)
  return {
    requests: samples.length,
    errors: samples.filter((sample) => sample.status >= 400).length,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    ttfbP50Ms: percentile(ttfbs, 0.5),
    ttfbP95Ms: percentile(ttfbs, 0.95),
    inputTokens: sum((sample) => sample.inputTokens),
    outputTokens: sum((sample) => sample.outputTokens),
    cacheReadTokens: sum((sample) => sample.cacheReadTokens),
    cacheWriteTokens: sum((sample) => sample.cacheWriteTokens),
    reasoningTokens: sum((sample) => sample.reasoningTokens),
    costUsd: sum((sample) => sample.costUsd),
  }
}

/** Nearest-rank percentile: always a value that was observed. */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((left, right) => left - right)
  const rank = Math.max(Math.ceil(fraction * sorted.length), 1)
  return sorted[rank - 1] ?? null
}
