/**
 * The shortcuts that keep the log under 5 % of the proxy's throughput (issue 5) must not change
 * what is stored or exposed: the redaction pre-check, the per-provider metric series cache, the
 * per-bucket histogram, the price cache and the partial status/error indexes.
 */
import { Database } from 'bun:sqlite'
import { afterEach, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { catalogPriceLookup, LogMetrics, openRequestLog } from '../../src/log/index.ts'
import { LabeledHistogram } from '../../src/log/metric-family.ts'
import { PATTERNS, REDACTED, redactText } from '../../src/log/redact.ts'
import { SecretMatcher } from '../../src/core/secret-matcher.ts'
import { buildWhere } from '../../src/log/sqlite/build-where.ts'
import { MIGRATIONS } from '../../src/log/sqlite/migrations.ts'
import { openDatabase } from '../../src/log/sqlite/open-database.ts'
import { makeRow, tempDataDir } from './log-test-support.ts'

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

/** The pass without the pre-check (the value step as redactText does it, then every pattern): the reference. */
function fullPass(text: string, secrets: readonly string[]): string {
  const kept = secrets.filter((secret) => secret.length >= 8)
  let result = kept.length === 0 ? text : new SecretMatcher(kept).redact(text, REDACTED)
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement)
  return result
}

describe('redaction pre-check', () => {
  const samples = [
    'sk-ant-api03-abcdefghijklmnop', 'SK-not-a-key-but-close', 'lb1_AAECAwQFBgcICQoL', 'Bearer eyJhbGciOiJIUzI1NiJ9.payload',
    'basic dXNlcjpwYXNzd29yZA==', 'AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE', `Signature=${'ab'.repeat(32)}`, 'AIzaSyA1234567890abcdefghijklmnopqrstu',
    'X-Api-Key: abc123secretvalue', '"api_key":"v4lue-here"', 'apikey=zzzzzz', 'x-goog-api-key: g00gle', 'Authorization: Token abcdef',
    '"secret_access_key": "wJalrXUtnFEMI"', 'secretAccessKey=wJalrXUtnFEMI', 'session-token: FwoGZXIvYXdz', 'sessionToken=FwoG', 'ACCESS_TOKEN=ya29.abc',
    'admin-key: 0123abcd', '/v1beta/models/gemini:generateContent?alt=sse&key=AIzaXYZ', '/v1/chat/completions', 'claude-cli/1.0.83 (external, cli)',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36', 'The task: ask the model for a haiku about keys and tokens.', '', 'plainlookingvalue123!',
    'echo plainlookingvalue123 and plainlookingvalue123%21', 'quoted "plain\\"value123"',
  ]
  const secretSets: string[][] = [[], ['plainlookingvalue123'], ['plainlookingvalue123!'], ['plain"value123'], ['short']]

  test('gives exactly what the full pass gives, for every pattern, case and secret form', () => {
    for (const sample of samples) {
      for (const variant of [sample, sample.toUpperCase(), sample.toLowerCase(), `prefix ${sample} suffix`]) {
        for (const secrets of secretSets) expect(redactText(variant, secrets)).toBe(fullPass(variant, secrets))
      }
    }
  })

  test('text with nothing secret-shaped comes back unchanged', () => {
    expect(redactText('/v1/chat/completions', ['sk-proj-not-in-the-text-0123'])).toBe('/v1/chat/completions')
  })
})

describe('metrics cache', () => {
  test('series appear as they are observed, with the same labels and values as before the cache', () => {
    const metrics = new LogMetrics(() => ({ queued: 0, dropped: 0, writeErrors: 0, rowsWritten: 0, writeSeconds: 0, storeSeconds: 0, readSeconds: 0 }))
    metrics.observe(makeRow({ provider: 'openai', sourceProtocol: 'a', targetProtocol: 'b', status: 200, attempts: 1, ttfbMs: undefined, usage: { inputTokens: 5, outputTokens: 0 } }))
    metrics.observe(makeRow({ provider: 'openai', sourceProtocol: 'a', targetProtocol: 'b', status: 200, attempts: 3, ttfbMs: 20, usage: { inputTokens: 1, outputTokens: 2, reasoningTokens: 1 } }))
    // Label values that would collide if joined with a plain separator stay apart.
    metrics.observe(makeRow({ provider: 'openai', sourceProtocol: 'a b', targetProtocol: 'c', status: 200, usage: undefined }))
    metrics.observe(makeRow({ provider: 'openai', sourceProtocol: 'a', targetProtocol: 'b c', status: 200, usage: undefined }))
    const families = new Map(metrics.families().map((family) => [family.name, family]))
    expect(families.get('llm_bridge_requests_total')?.series).toEqual([
      { labels: { source: 'a', target: 'b', provider: 'openai', status: '200' }, value: 2 },
      { labels: { source: 'a b', target: 'c', provider: 'openai', status: '200' }, value: 1 },
      { labels: { source: 'a', target: 'b c', provider: 'openai', status: '200' }, value: 1 },
    ])
    expect(families.get('llm_bridge_tokens_total')?.series).toEqual([
      { labels: { provider: 'openai', kind: 'input' }, value: 6 },
      { labels: { provider: 'openai', kind: 'output' }, value: 2 },
      { labels: { provider: 'openai', kind: 'reasoning' }, value: 1 },
    ])
    expect(families.get('llm_bridge_retries_total')?.series).toEqual([{ labels: { provider: 'openai' }, value: 2 }])
    const ttfb = families.get('llm_bridge_time_to_first_byte_seconds')
    expect(ttfb?.type === 'histogram' ? ttfb.series.map((entry) => entry.count) : []).toEqual([3])
  })

  test('histogram counts stay cumulative, with values on a bound, above the last and NaN', () => {
    const histogram = new LabeledHistogram('h', 'help', [1, 2, 5])
    for (const value of [0.5, 1, 1.5, 2, 7, Number.NaN]) histogram.observe({ provider: 'p' }, value)
    const [series] = histogram.family().series
    expect(series?.counts).toEqual([2, 4, 4])
    expect(series?.count).toBe(6)
  })
})

describe('price cache', () => {
  test('answers the same as the first lookup, for known and unknown models', () => {
    let scans = 0
    const lookup = catalogPriceLookup((id) => {
      scans += 1
      return id === 'acme' ? { models: [{ id: 'acme-1*', price: { input: 1, output: 2 } }] } : undefined
    })
    for (let round = 0; round < 3; round++) {
      expect(lookup('acme', 'acme-1-large')).toEqual({ input: 1, output: 2 })
      expect(lookup('acme', 'other')).toBeUndefined()
      expect(lookup('nobody', 'acme-1')).toBeUndefined()
    }
    expect(scans).toBe(3)
  })
})

describe('partial status and error indexes', () => {
  test('a version-1 database migrates with its rows and to the current indexes, and failure filters use the partial ones', async () => {
    const temp = tempDataDir()
    cleanup.push(temp.remove)
    const path = join(temp.dir, 'old.sqlite')
    const old = new Database(path, { create: true, strict: true })
    old.run('PRAGMA journal_mode = WAL')
    old.run(MIGRATIONS[0] ?? '')
    old.run('PRAGMA user_version = 1')
    const now = Date.now()
    old.run(`INSERT INTO request_log (request_id, started_at, method, path, stream, status, error_code, attempts, duration_ms, warnings, bytes_in, bytes_out)
      VALUES ('old_ok', ${now - 3}, 'POST', '/p', 0, 200, NULL, 1, 5, '[]', 0, 0), ('old_fail', ${now - 2}, 'POST', '/p', 0, 429, 'RATE_LIMITED', 1, 5, '[]', 0, 0)`)
    old.close()
    const log = openRequestLog({ dataDir: temp.dir, path, logBodies: false })
    cleanup.push(() => log.close())
    log.record(makeRow({ requestId: 'new_fail', startedAt: now - 1, status: 502, errorCode: 'UPSTREAM_ERROR' }))
    await log.flush()
    expect((await log.query({ status: 429 })).rows.map((row) => row.requestId)).toEqual(['old_fail'])
    expect((await log.query({ status: '5xx' })).rows.map((row) => row.requestId)).toEqual(['new_fail'])
    expect((await log.query({ status: 200 })).rows.map((row) => row.requestId)).toEqual(['old_ok'])
    expect((await log.query({ status: '2xx' })).rows.map((row) => row.requestId)).toEqual(['old_ok'])
    expect((await log.query({ errorCode: 'RATE_LIMITED' })).rows.map((row) => row.requestId)).toEqual(['old_fail'])

    const database = openDatabase(join(temp.dir, 'plans.sqlite'))
    const plan = (filter: Parameters<typeof buildWhere>[0]): string => {
      const where = buildWhere(filter)
      const steps = database.query<{ detail: string }, Array<string | number>>(`EXPLAIN QUERY PLAN SELECT id FROM request_log ${where.sql} ORDER BY started_at DESC`).all(...where.params)
      return steps.map((step) => step.detail).join(' | ')
    }
    expect(plan({ status: 429 })).toContain('request_log_status_not_ok')
    expect(plan({ status: '4xx' })).toContain('request_log_status_not_ok')
    expect(plan({ errorCode: 'RATE_LIMITED' })).toContain('request_log_error_code_set')
    // Every index is a b-tree insert per row on the writer thread: these and no more (migrations.ts),
    // in a new database and in one migrated from version 1.
    const indexNames = (db: Database): string[] =>
      db.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").all().map((index) => index.name)
    const expected = ['request_log_error_code_set', 'request_log_started_at', 'request_log_status_not_ok', 'request_log_token_id', 'sqlite_autoindex_request_log_1']
    expect(indexNames(database)).toEqual(expected)
    const migrated = new Database(path, { readonly: true })
    expect(indexNames(migrated)).toEqual(expected)
    migrated.close()
    expect(plan({ provider: 'openai' })).toContain('request_log_started_at')
    database.close()
  })
})
