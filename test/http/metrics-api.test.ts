import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { metricsApi } from '../../src/http/metrics-api.ts'
import { openRequestLog, type RequestLog } from '../../src/log/index.ts'
import { makeRow, tempDataDir } from '../log/log-test-support.ts'

/**
 * A strict reader of the Prometheus text format 0.0.4: every line is HELP, TYPE, or a sample of
 * a declared family; label values are properly escaped; histograms have ascending cumulative
 * buckets ending in +Inf equal to _count.
 */
type Sample = { name: string; labels: Record<string, string>; value: number }
type Parsed = { types: Map<string, string>; samples: Sample[] }

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"'
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE}`
const VALUE = '(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|[+-]Inf|NaN)'
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*)?\\})? (${VALUE})(?: -?\\d+)?$`)

function parseExposition(text: string): Parsed {
  expect(text.endsWith('\n')).toBe(true)
  const types = new Map<string, string>()
  const helped = new Set<string>()
  const samples: Sample[] = []
  for (const line of text.slice(0, -1).split('\n')) {
    const help = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line)
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line)
    if (help) {
      expect(helped.has(help[1]!)).toBe(false)
      helped.add(help[1]!)
      continue
    }
    if (type) {
      expect(types.has(type[1]!)).toBe(false)
      types.set(type[1]!, type[2]!)
      continue
    }
    const match = SAMPLE_LINE.exec(line)
    if (!match) throw new Error(`not a valid exposition line: ${line}`)
    const labels: Record<string, string> = {}
    for (const pair of (match[2] ?? '').match(new RegExp(LABEL, 'g')) ?? []) {
      const at = pair.indexOf('=')
      labels[pair.slice(0, at)] = pair.slice(at + 2, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
    }
    const name = match[1]!
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '')
    if (!types.has(family)) throw new Error(`sample before its TYPE line: ${line}`)
    if (family !== name) expect(types.get(family)).toBe('histogram')
    samples.push({ name, labels, value: Number(match[3]!.replace('Inf', 'Infinity')) })
  }
  return { types, samples }
}

function checkHistograms(parsed: Parsed): void {
  for (const [family, type] of parsed.types) {
    if (type !== 'histogram') continue
    const buckets = parsed.samples.filter((sample) => sample.name === `${family}_bucket`)
    const series = new Map<string, Sample[]>()
    for (const bucket of buckets) {
      const { le, ...rest } = bucket.labels
      expect(le).toBeDefined()
      const key = JSON.stringify(rest)
      series.set(key, [...(series.get(key) ?? []), bucket])
    }
    for (const [key, list] of series) {
      const bounds = list.map((sample) => Number(sample.labels.le!.replace('+Inf', 'Infinity')))
      expect(bounds.at(-1)).toBe(Infinity)
      for (let index = 1; index < list.length; index++) {
        expect(bounds[index]!).toBeGreaterThan(bounds[index - 1]!)
        expect(list[index]!.value).toBeGreaterThanOrEqual(list[index - 1]!.value)
      }
      const count = parsed.samples.find((sample) => sample.name === `${family}_count` && JSON.stringify(sample.labels) === key)
      expect(count?.value).toBe(list.at(-1)!.value)
      expect(parsed.samples.some((sample) => sample.name === `${family}_sum` && JSON.stringify(sample.labels) === key)).toBe(true)
    }
  }
}

let log: RequestLog
let remove: () => void

beforeEach(() => {
  const temp = tempDataDir()
  remove = temp.remove
  log = openRequestLog({ dataDir: temp.dir, logBodies: false })
})

afterEach(async () => {
  await log.close()
  remove()
})

async function scrape(): Promise<{ response: Response; parsed: Parsed }> {
  const response = await metricsApi({ log }).handle(new Request('http://localhost/metrics'))
  return { response, parsed: parseExposition(await response.text()) }
}

const value = (parsed: Parsed, name: string, labels: Record<string, string> = {}): number | undefined =>
  parsed.samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, expected]) => sample.labels[key] === expected))?.value

describe('the exposition reader used here', () => {
  test('rejects an unescaped quote, a sample without TYPE and a bad value', () => {
    expect(() => parseExposition('# TYPE a counter\na{x="q"q"} 1\n')).toThrow()
    expect(() => parseExposition('b 1\n')).toThrow()
    expect(() => parseExposition('# TYPE a counter\na one\n')).toThrow()
  })
})

describe('/metrics', () => {
  test('the text parses as Prometheus exposition format and counts the recorded requests', async () => {
    log.record(makeRow({ provider: 'openai', status: 200, durationMs: 1500, ttfbMs: 200, attempts: 3, usage: { inputTokens: 100, outputTokens: 7, cacheReadTokens: 40 } }))
    log.record(makeRow({ provider: 'openai', status: 200, durationMs: 40 }))
    log.record(makeRow({ provider: 'we"ird\\prov\nider', status: 502 }))
    log.metrics.streamStarted()
    const { response, parsed } = await scrape()
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    checkHistograms(parsed)
    expect(value(parsed, 'llm_bridge_requests_total', { provider: 'openai', status: '200', source: 'anthropic', target: 'openai' })).toBe(2)
    expect(value(parsed, 'llm_bridge_requests_total', { provider: 'we"ird\\prov\nider', status: '502' })).toBe(1)
    expect(value(parsed, 'llm_bridge_request_duration_seconds_bucket', { provider: 'openai', le: '0.05' })).toBe(1)
    expect(value(parsed, 'llm_bridge_request_duration_seconds_bucket', { provider: 'openai', le: '2.5' })).toBe(2)
    expect(value(parsed, 'llm_bridge_request_duration_seconds_sum', { provider: 'openai' })).toBeCloseTo(1.54, 10)
    expect(value(parsed, 'llm_bridge_tokens_total', { provider: 'openai', kind: 'cache_read' })).toBe(40)
    expect(value(parsed, 'llm_bridge_retries_total', { provider: 'openai' })).toBe(2)
    expect(value(parsed, 'llm_bridge_streams_in_flight')).toBe(1)
    expect(value(parsed, 'llm_bridge_log_queue_depth')).toBe(3)
    expect(value(parsed, 'llm_bridge_log_rows_written_total')).toBe(0)
    await log.flush()
    const after = (await scrape()).parsed
    expect(value(after, 'llm_bridge_log_queue_depth')).toBe(0)
    // What the log costs each thread, readable by an operator: rows stored and the CPU time spent.
    // Thread CPU time advances in scheduler ticks, so three rows may well read 0 seconds.
    expect(value(after, 'llm_bridge_log_rows_written_total')).toBe(3)
    for (const name of ['llm_bridge_log_write_seconds_total', 'llm_bridge_log_store_seconds_total', 'llm_bridge_log_read_seconds_total']) {
      expect(value(after, name)).toBeGreaterThanOrEqual(0)
      expect(after.types.get(name)).toBe('counter')
    }
  })

  test('an empty log still yields valid text with the queue gauges', async () => {
    const { parsed } = await scrape()
    expect(value(parsed, 'llm_bridge_log_dropped_rows_total')).toBe(0)
    expect(parsed.types.get('llm_bridge_request_duration_seconds')).toBe('histogram')
  })

  test('with access rules on a LAN bind, a scrape needs the admin key', async () => {
    const access = { isLoopbackBind: false, adminKey: 'metrics-admin-key-1234', openToken: async () => ({ tokenId: 'tok_a' }) }
    const api = metricsApi({ log, access })
    expect((await api.handle(new Request('http://localhost/metrics'))).status).toBe(401)
    expect((await api.handle(new Request('http://localhost/metrics', { headers: { authorization: 'Bearer lb1_sometokenvalue' } }))).status).toBe(401)
    expect((await api.handle(new Request('http://localhost/metrics', { headers: { authorization: 'Bearer metrics-admin-key-1234' } }))).status).toBe(200)
  })
})
