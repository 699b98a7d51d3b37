import { describe, expect, test } from 'bun:test'
import { computeStats } from '../../src/log/compute-stats.ts'
import type { StatsFigures, StatsParams } from '../../src/log/log-query.ts'
import type { StatsSample } from '../../src/log/log-store.ts'

const HOUR = 3_600_000

/** Figures the obvious way: arrays, a sort, nearest rank. The streaming version must agree. */
function reference(samples: readonly StatsSample[]): StatsFigures {
  const rank = (values: number[], fraction: number): number | null => {
    if (values.length === 0) return null
    const sorted = [...values].sort((a, b) => a - b)
    return sorted[Math.max(Math.ceil(fraction * sorted.length), 1) - 1] ?? null
  }
  const sum = (pick: (sample: StatsSample) => number): number => samples.reduce((total, sample) => total + pick(sample), 0)
  const ttfbs = samples.flatMap((sample) => (sample.ttfbMs === null ? [] : [sample.ttfbMs]))
  return {
    requests: samples.length,
    errors: samples.filter((sample) => sample.status >= 400).length,
    latencyP50Ms: rank(samples.map((sample) => sample.durationMs), 0.5),
    latencyP95Ms: rank(samples.map((sample) => sample.durationMs), 0.95),
    ttfbP50Ms: rank(ttfbs, 0.5),
    ttfbP95Ms: rank(ttfbs, 0.95),
    inputTokens: sum((sample) => sample.inputTokens),
    outputTokens: sum((sample) => sample.outputTokens),
    cacheReadTokens: sum((sample) => sample.cacheReadTokens),
    cacheWriteTokens: sum((sample) => sample.cacheWriteTokens),
    reasoningTokens: sum((sample) => sample.reasoningTokens),
    costUsd: sum((sample) => sample.costUsd ?? 0),
    unpricedRequests: samples.filter((sample) => sample.costUsd === null).length,
  }
}

/** A deterministic pseudo-random sequence (the test must not depend on luck): a 32-bit LCG. */
function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state / 2 ** 32
  }
}

const sample = (durationMs: number, ttfbMs: number | null = null): StatsSample => ({
  startedAt: 0, provider: 'p', model: 'm', status: 200, durationMs, ttfbMs,
  inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0,
})

describe('computeStats', () => {
  test('streamed figures equal the reference for every bucket, every model and the totals', () => {
    const next = generator(7)
    const models: Array<[string | null, string | null]> = [['openai', 'gpt-4.1'], ['anthropic', 'claude-sonnet-4'], [null, null], ['openai', null]]
    const from = Date.UTC(2026, 10, 1)
    const samples: StatsSample[] = Array.from({ length: 5_000 }, () => {
      const [provider, model] = models[Math.floor(next() * models.length)]!
      return {
        startedAt: from + Math.floor(next() * 48 * HOUR), provider, model,
        status: next() < 0.1 ? 429 : 200, durationMs: Math.round(next() * 5000) / 4, ttfbMs: next() < 0.2 ? null : Math.round(next() * 900),
        inputTokens: Math.floor(next() * 2000), outputTokens: Math.floor(next() * 500), cacheReadTokens: Math.floor(next() * 100),
        cacheWriteTokens: Math.floor(next() * 50), reasoningTokens: Math.floor(next() * 30), costUsd: next() < 0.2 ? null : next() / 100,
      }
    })
    const params: StatsParams = { from, to: from + 48 * HOUR, bucket: 'hour' }
    // A generator, as SQLite's iterate() hands the rows over: computeStats never needs an array.
    const stats = computeStats((function* () { yield* samples })(), params)

    // The figures only (a bucket also has its start, a model its names); cost is a float sum.
    const close = (actual: StatsFigures, expected: StatsFigures): void => {
      const figures = Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key as keyof StatsFigures]]))
      expect({ ...figures, costUsd: 0 }).toEqual({ ...expected, costUsd: 0 })
      expect(actual.costUsd).toBeCloseTo(expected.costUsd, 9)
    }
    close(stats.totals, reference(samples))
    expect(stats.buckets).toHaveLength(48)
    for (const bucket of stats.buckets) {
      close(bucket, reference(samples.filter((sample) => Math.floor(sample.startedAt / HOUR) * HOUR === bucket.start)))
    }
    expect(stats.buckets.map((bucket) => bucket.start)).toEqual([...stats.buckets.map((bucket) => bucket.start)].sort((a, b) => a - b))
    expect(stats.models).toHaveLength(models.length)
    for (const entry of stats.models) {
      close(entry, reference(samples.filter((sample) => sample.provider === entry.provider && sample.model === entry.model)))
    }
    expect(stats.models.map((entry) => entry.requests)).toEqual([...stats.models.map((entry) => entry.requests)].sort((a, b) => b - a))
  })

  test('percentiles by nearest rank, worked by hand', () => {
    const params: StatsParams = { from: 0, to: HOUR, bucket: 'hour' }
    // n = 1: both are the one value.
    expect(computeStats([sample(42)], params).totals).toMatchObject({ latencyP50Ms: 42, latencyP95Ms: 42, ttfbP50Ms: null })
    // n = 2: rank ceil(0.5 × 2) = 1 and ceil(0.95 × 2) = 2, whatever order the rows come in.
    expect(computeStats([sample(9, 3), sample(1, 7)], params).totals).toMatchObject({ latencyP50Ms: 1, latencyP95Ms: 9, ttfbP50Ms: 3, ttfbP95Ms: 7 })
    // n = 20 (values 20, 19, … 1): rank 10 is 10, rank ceil(19) = 19 is 19.
    const twenty = Array.from({ length: 20 }, (_, index) => sample(20 - index))
    expect(computeStats(twenty, params).totals).toMatchObject({ latencyP50Ms: 10, latencyP95Ms: 19 })
  })

  test('an empty window has zero counts and no percentiles', () => {
    const stats = computeStats([], { from: 0, to: HOUR, bucket: 'minute' })
    expect(stats.totals).toMatchObject({ requests: 0, errors: 0, latencyP50Ms: null, ttfbP95Ms: null, costUsd: 0 })
    expect(stats.buckets).toEqual([])
    expect(stats.models).toEqual([])
  })
})
