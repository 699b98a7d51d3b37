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
  costUsd: number
}

export type Stats = {
  from: number
  to: number
  totals: StatsFigures
  buckets: (StatsFigures & { start: number })[]
  models: (StatsFigures & { provider?: string; model?: string })[]
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
    totals: parseFigures(value.totals),
    buckets: records(value.buckets).map((bucket) => ({ ...parseFigures(bucket), start: readNumber(bucket, 'start') ?? 0 })),
    models: records(value.models).map((item) => ({
      ...parseFigures(item),
      provider: readString(item, 'provider'),
      model: readString(item, 'model'),
    })),
  }
}
