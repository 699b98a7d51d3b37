/** The /api/stats answer (src/log/log-query.ts `Stats`), narrowed from `unknown`. */
import { isRecord, readNumber, readString } from './types.ts'

export type StatsFigures = {
  requests: number
  errors: number
  latencyP50Ms?: number
  latencyP95Ms?: number
  ttfbP50Ms?: number
  ttfbP95Ms?: number
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  /** Sum over the rows with a known price. */
  costUsd: number
  /** Rows whose model has no known price: their cost is unknown, not zero. */
  unpricedRequests: number
}

export type Stats = {
  from: number
  to: number
  /** Bucket width in ms (minute, hour or day). */
  bucketMs: number
  totals: StatsFigures
  buckets: (StatsFigures & { start: number })[]
  models: (StatsFigures & { provider?: string; model?: string })[]
}

const BUCKET_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }

const EMPTY: StatsFigures = { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, costUsd: 0, unpricedRequests: 0 }

/**
 * Every bucket of the period, oldest first: the API lists only buckets that hold rows, and a
 * chart of those alone would stretch two busy minutes across "Last hour".
 */
export function fillBuckets(stats: Stats): Stats['buckets'] {
  const size = stats.bucketMs
  const first = Math.floor(stats.from / size) * size
  const filled: Stats['buckets'] = []
  // Bounded: the API refuses minute buckets over more than 7 days (10,080).
  for (let start = first; start < stats.to && filled.length < 20_000; start += size) filled.push({ ...EMPTY, start })
  // Each answered bucket goes in the slot holding its start (the API aligns them; this does not rely on it).
  for (const bucket of stats.buckets) {
    const slot = Math.floor((bucket.start - first) / size)
    if (slot >= 0 && slot < filled.length) filled[slot] = bucket
  }
  return filled.length === 0 ? stats.buckets : filled
}

/** What a cost cell says: unknown when no row had a price, marked when only some had one. */
export function describeCost(figures: StatsFigures): { text: string; note: string } {
  if (figures.requests > 0 && figures.unpricedRequests === figures.requests) {
    return { text: '—', note: 'No known price for this model' }
  }
  if (figures.unpricedRequests > 0) {
    return { text: '', note: `${figures.unpricedRequests} of ${figures.requests} requests have no known price` }
  }
  return { text: '', note: '' }
}

function parseFigures(value: Record<string, unknown>): StatsFigures {
  return {
    requests: readNumber(value, 'requests') ?? 0,
    errors: readNumber(value, 'errors') ?? 0,
    latencyP50Ms: readNumber(value, 'latencyP50Ms'),
    latencyP95Ms: readNumber(value, 'latencyP95Ms'),
    ttfbP50Ms: readNumber(value, 'ttfbP50Ms'),
    ttfbP95Ms: readNumber(value, 'ttfbP95Ms'),
    inputTokens: readNumber(value, 'inputTokens') ?? 0,
    outputTokens: readNumber(value, 'outputTokens') ?? 0,
    cacheReadTokens: readNumber(value, 'cacheReadTokens') ?? 0,
    costUsd: readNumber(value, 'costUsd') ?? 0,
    unpricedRequests: readNumber(value, 'unpricedRequests') ?? 0,
  }
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : []
}

export function parseStats(value: unknown): Stats | undefined {
  if (!isRecord(value) || !isRecord(value.totals)) return undefined
  return {
    from: readNumber(value, 'from') ?? 0,
    to: readNumber(value, 'to') ?? 0,
    bucketMs: BUCKET_MS[readString(value, 'bucket') ?? 'hour'] ?? BUCKET_MS.hour ?? 3_600_000,
    totals: parseFigures(value.totals),
    buckets: records(value.buckets).map((bucket) => ({ ...parseFigures(bucket), start: readNumber(bucket, 'start') ?? 0 })),
    models: records(value.models).map((item) => ({
      ...parseFigures(item),
      provider: readString(item, 'provider'),
      model: readString(item, 'model'),
    })),
  }
}
