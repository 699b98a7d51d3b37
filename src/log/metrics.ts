/**
 * The proxy's Prometheus metrics, kept in memory and updated by record(): counting is cheap
 * enough for the hot path, unlike anything that touches the disk.
 */
import { LabeledCounter, LabeledHistogram, type CounterSeries, type HistogramSeries, type MetricFamily } from './metric-family.ts'
import type { RequestLogRow } from './request-log-row.ts'

/** LLM calls last seconds to minutes: the default Prometheus buckets stop at 10 s. */
export const LATENCY_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600] as const

export type QueueGauges = () => { queued: number; dropped: number; writeErrors: number; rowsWritten: number; writeSeconds: number; storeSeconds: number; readSeconds: number }

const label = (value: string | undefined): string => value ?? ''

/** The series one provider's rows feed, kept so a row does not rebuild label keys. */
type ProviderSeries = {
  latency: HistogramSeries
  ttfb?: HistogramSeries
  retries?: CounterSeries
  tokens: Partial<Record<TokenKind, CounterSeries>>
  /** requests_total by source, target and status (length-prefixed key: no two label sets collide). */
  requests: Map<string, CounterSeries>
}

type TokenKind = 'input' | 'output' | 'cache_read' | 'cache_write' | 'reasoning'

export class LogMetrics {
  private readonly requests = new LabeledCounter('llm_bridge_requests_total', 'Proxied requests by source protocol, target protocol, provider and HTTP status.')
  private readonly latency = new LabeledHistogram('llm_bridge_request_duration_seconds', 'Time from request start to the last byte sent to the client.', LATENCY_BUCKETS_SECONDS)
  private readonly ttfb = new LabeledHistogram('llm_bridge_time_to_first_byte_seconds', 'Time from request start to the first byte sent to the client.', LATENCY_BUCKETS_SECONDS)
  private readonly tokens = new LabeledCounter('llm_bridge_tokens_total', 'Tokens by provider and kind (input includes cache reads and writes; output includes reasoning).')
  private readonly retries = new LabeledCounter('llm_bridge_retries_total', 'Upstream attempts beyond the first.')
  private readonly cost = new LabeledCounter('llm_bridge_cost_usd_total', 'Cost reported by the proxy, in USD (catalog-priced rows are counted once stored).')
  private readonly byProvider = new Map<string, ProviderSeries>()
  private inFlightStreams = 0

  constructor(private readonly queue: QueueGauges) {}

  /**
   * Runs for every request (log on or off). Series are looked up through the per-provider cache;
   * a series is still created on its first observation only, so /metrics lists the same series.
   * The cache grows with the label combinations, as the metric families themselves do.
   */
  observe(row: RequestLogRow): void {
    const provider = label(row.provider)
    const series = this.providerSeries(provider)
    const source = label(row.sourceProtocol)
    const target = label(row.targetProtocol)
    const key = `${source.length}:${source}${target.length}:${target}${row.status}`
    let requests = series.requests.get(key)
    if (!requests) {
      requests = this.requests.series({ source, target, provider, status: String(row.status) })
      series.requests.set(key, requests)
    }
    requests.value += 1
    series.latency.observe(row.durationMs / 1000)
    if (row.ttfbMs !== undefined) (series.ttfb ??= this.ttfb.series({ provider })).observe(row.ttfbMs / 1000)
    if (row.attempts > 1) (series.retries ??= this.retries.series({ provider })).value += row.attempts - 1
    const usage = row.usage
    if (usage) {
      this.addTokens(series, provider, 'input', usage.inputTokens)
      this.addTokens(series, provider, 'output', usage.outputTokens)
      this.addTokens(series, provider, 'cache_read', usage.cacheReadTokens)
      this.addTokens(series, provider, 'cache_write', usage.cacheWriteTokens)
      this.addTokens(series, provider, 'reasoning', usage.reasoningTokens)
    }
  }

  private providerSeries(provider: string): ProviderSeries {
    let series = this.byProvider.get(provider)
    if (!series) {
      series = { latency: this.latency.series({ provider }), tokens: {}, requests: new Map() }
      this.byProvider.set(provider, series)
    }
    return series
  }

  private addTokens(series: ProviderSeries, provider: string, kind: TokenKind, count: number | undefined): void {
    if (!count) return
    ;(series.tokens[kind] ??= this.tokens.series({ provider, kind })).value += count
  }

  /** Called by writer once the cost is known (computed from the catalog if the row had none). */
  observeCost(provider: string | undefined, costUsd: number): void {
    if (costUsd > 0) this.cost.add({ provider: label(provider) }, costUsd)
  }

  /** Optional hooks for the proxy around a streamed response. */
  streamStarted(): void {
    this.inFlightStreams += 1
  }

  streamEnded(): void {
    this.inFlightStreams = Math.max(0, this.inFlightStreams - 1)
  }

  families(): MetricFamily[] {
    const queue = this.queue()
    const scalar = (name: string, help: string, type: 'counter' | 'gauge', value: number): MetricFamily =>
      ({ name, help, type, series: [{ labels: {}, value }] })
    return [
      this.requests.family(), this.latency.family(), this.ttfb.family(), this.tokens.family(),
      this.retries.family(), this.cost.family(),
      scalar('llm_bridge_streams_in_flight', 'Streamed responses currently being sent.', 'gauge', this.inFlightStreams),
      scalar('llm_bridge_log_queue_depth', 'Rows waiting for the log writer.', 'gauge', queue.queued),
      scalar('llm_bridge_log_dropped_rows_total', 'Rows lost because the log queue overflowed.', 'counter', queue.dropped),
      scalar('llm_bridge_log_write_errors_total', 'Failed log write transactions (disk full, I/O error, corrupt database).', 'counter', queue.writeErrors),
      scalar('llm_bridge_log_rows_written_total', 'Rows stored in the request log.', 'counter', queue.rowsWritten),
      scalar('llm_bridge_log_write_seconds_total', 'CPU time the log spent sanitising rows and handing them to storage, on the proxy\'s thread.', 'counter', queue.writeSeconds),
      scalar('llm_bridge_log_store_seconds_total', 'CPU time the log\'s writer thread spent storing rows and applying retention, off the proxy\'s thread.', 'counter', queue.storeSeconds),
      scalar('llm_bridge_log_read_seconds_total', 'CPU time the log\'s reader thread spent answering /api/logs and /api/stats, off the proxy\'s thread.', 'counter', queue.readSeconds),
    ]
  }
}
