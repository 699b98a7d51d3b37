import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { catalogPriceLookup, openRequestLog, type RequestLog } from '../../src/log/index.ts'
import type { RequestLogRow } from '../../src/log/request-log-row.ts'
import { makeRow, tempDataDir } from './log-test-support.ts'

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0)
const MINUTE = 60_000

let log: RequestLog
let remove: () => void
let rows: RequestLogRow[]

beforeEach(async () => {
  const temp = tempDataDir()
  remove = temp.remove
  log = openRequestLog({ dataDir: temp.dir, logBodies: false })
  rows = [
    makeRow({ startedAt: T0, tokenId: 'tok_a', provider: 'openai', upstreamModel: 'gpt-4.1', status: 200, durationMs: 100, ttfbMs: 10, usage: { inputTokens: 10, outputTokens: 1 }, costUsd: 0.5 }),
    makeRow({ startedAt: T0 + 1000, tokenId: 'tok_a', provider: 'openai', upstreamModel: 'gpt-4.1', status: 429, errorCode: 'RATE_LIMITED', durationMs: 200, ttfbMs: undefined, usage: undefined, costUsd: undefined }),
    makeRow({ startedAt: T0 + 2000, tokenId: 'tok_b', provider: 'anthropic', clientModel: 'gpt-4o', upstreamModel: 'claude-sonnet-4', status: 500, errorCode: 'UPSTREAM_ERROR', durationMs: 300, ttfbMs: 30, userAgent: 'OpenAI/Python 1.0', costUsd: 0.25 }),
    makeRow({ startedAt: T0 + MINUTE, tokenId: 'tok_b', provider: 'anthropic', clientModel: 'gpt-4o', upstreamModel: 'claude-sonnet-4', status: 200, durationMs: 400, ttfbMs: 40, usage: { inputTokens: 5, outputTokens: 5, cacheReadTokens: 3 }, costUsd: 1 }),
    makeRow({ startedAt: T0 + MINUTE, tokenId: 'tok_b', provider: 'anthropic', upstreamModel: 'claude-sonnet-4', status: 499, durationMs: 500, ttfbMs: 50, costUsd: 0 }),
  ]
  for (const row of rows) log.record(row)
  await log.flush()
})

afterEach(async () => {
  await log.close()
  remove()
})

const ids = (found: RequestLogRow[]): string[] => found.map((row) => row.requestId)

describe('log queries', () => {
  test('rows come newest first', async () => {
    expect(ids((await log.query({})).rows)).toEqual(ids([rows[4]!, rows[3]!, rows[2]!, rows[1]!, rows[0]!]))
  })

  test('each filter narrows to the matching rows', async () => {
    expect(ids((await log.query({ tokenId: 'tok_a' })).rows).sort()).toEqual(ids(rows.slice(0, 2)).sort())
    expect((await log.query({ provider: 'anthropic' })).rows).toHaveLength(3)
    expect((await log.query({ model: 'gpt-4o' })).rows).toHaveLength(2)
    expect(ids((await log.query({ model: 'gpt-4.1' })).rows).sort()).toEqual(ids(rows.slice(0, 2)).sort())
    expect(ids((await log.query({ status: 429 })).rows)).toEqual([rows[1]!.requestId])
    expect((await log.query({ status: '4xx' })).rows).toHaveLength(2)
    expect(ids((await log.query({ errorCode: 'UPSTREAM_ERROR' })).rows)).toEqual([rows[2]!.requestId])
    expect(ids((await log.query({ q: 'python' })).rows)).toEqual([rows[2]!.requestId])
    expect((await log.query({ from: T0 + 1000, to: T0 + MINUTE })).rows).toHaveLength(2)
  })

  test('the search also finds a row by its URL label', async () => {
    const labelled = makeRow({ startedAt: T0 + 2 * MINUTE, label: 'team gateway', clientModel: 'm', upstreamModel: 'm', userAgent: 'ua' })
    log.record(labelled)
    await log.flush()
    expect(ids((await log.query({ q: 'gateway' })).rows)).toEqual([labelled.requestId])
  })

  test('a search term with % and _ matches them literally', async () => {
    expect((await log.query({ q: '%' })).rows).toHaveLength(0)
    expect((await log.query({ q: 'gpt_4' })).rows).toHaveLength(0)
  })

  test('a cursor walk returns every row exactly once, including rows in the same millisecond', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await log.query({ limit: 2, ...(cursor ? { cursor } : {}) })
      expect(page.rows.length).toBeLessThanOrEqual(2)
      seen.push(...ids(page.rows))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
  })

  test('a token-scoped get does not find another URL\'s row', async () => {
    expect(await log.get(rows[2]!.requestId, 'tok_a')).toBeUndefined()
    expect((await log.get(rows[2]!.requestId, 'tok_b'))?.requestId).toBe(rows[2]!.requestId)
  })
})

describe('stats', () => {
  test('buckets, per-model figures and totals match the known rows', async () => {
    const stats = await log.stats({ from: T0, to: T0 + 2 * MINUTE, bucket: 'minute' })
    expect(stats.totals).toMatchObject({ requests: 5, errors: 3, inputTokens: 15 + 100 + 100, costUsd: 1.75 })
    expect(stats.buckets.map((bucket) => [bucket.start, bucket.requests, bucket.errors])).toEqual([[T0, 3, 2], [T0 + MINUTE, 2, 1]])
    // The 429 row has no usage and so no cost: unknown, counted apart, not a zero in the sum.
    expect(stats.totals.unpricedRequests).toBe(1)
    expect(stats.models.find((item) => item.model === 'gpt-4.1')).toMatchObject({ requests: 2, costUsd: 0.5, unpricedRequests: 1 })
    expect(stats.models.find((item) => item.model === 'claude-sonnet-4')).toMatchObject({ unpricedRequests: 0 })
    const first = stats.buckets[0]!
    expect([first.latencyP50Ms, first.latencyP95Ms, first.ttfbP50Ms, first.ttfbP95Ms]).toEqual([200, 300, 10, 30])
    const claude = stats.models.find((model) => model.model === 'claude-sonnet-4')!
    expect(claude).toMatchObject({ provider: 'anthropic', requests: 3, errors: 2, latencyP50Ms: 400, cacheReadTokens: 3 })
  })

  test('a token-scoped window only counts that URL\'s rows', async () => {
    expect((await log.stats({ from: T0, to: T0 + 2 * MINUTE, bucket: 'hour', tokenId: 'tok_a' })).totals.requests).toBe(2)
  })
})

describe('cost', () => {
  test('rows without a cost are priced from the catalog, cache reads at their own price', async () => {
    const temp = tempDataDir()
    const prices = catalogPriceLookup((id) => (id === 'acme'
      ? { models: [{ id: 'acme-*', price: { input: 2, output: 10 } }, { id: 'acme-large', price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } }] }
      : undefined))
    const priced = openRequestLog({ dataDir: temp.dir, logBodies: false, prices })
    const large = makeRow({ provider: 'acme', upstreamModel: 'acme-large', costUsd: undefined, usage: { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 500_000, cacheWriteTokens: 100_000 } })
    const small = makeRow({ provider: 'acme', upstreamModel: 'acme-mini', costUsd: undefined, usage: { inputTokens: 1_000_000, outputTokens: 0 } })
    const unknown = makeRow({ provider: 'other', costUsd: undefined })
    for (const row of [large, small, unknown]) priced.record(row)
    await priced.flush()
    // 400k uncached × 3 + 500k × 0.3 + 100k × 3.75 + 100k × 15, per million.
    expect((await priced.get(large.requestId))?.costUsd).toBeCloseTo(1.2 + 0.15 + 0.375 + 1.5, 10)
    expect((await priced.get(small.requestId))?.costUsd).toBeCloseTo(2, 10)
    expect((await priced.get(unknown.requestId))?.costUsd).toBeUndefined()
    await priced.close()
    temp.remove()
  })
})

describe('catalog prices by default', () => {
  test('a row for a catalog model without a cost gets one from the built-in catalog', async () => {
    const temp = tempDataDir()
    const priced = openRequestLog({ dataDir: temp.dir, logBodies: false })
    const row = makeRow({ provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5-20250929', costUsd: undefined, usage: { inputTokens: 1_000_000, outputTokens: 0 } })
    priced.record(row)
    await priced.flush()
    // claude-sonnet-4-5* lists $3 per million input tokens.
    expect((await priced.get(row.requestId))?.costUsd).toBeCloseTo(3, 10)
    await priced.close()
    temp.remove()
  })
})
