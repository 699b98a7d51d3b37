/** In-memory Prometheus metric families: labelled counters, gauges and histograms. */
export type Labels = Record<string, string>

export type ScalarFamily = {
  name: string
  help: string
  type: 'counter' | 'gauge'
  series: Array<{ labels: Labels; value: number }>
}

export type HistogramFamily = {
  name: string
  help: string
  type: 'histogram'
  /** Upper bounds, ascending, without +Inf. */
  buckets: readonly number[]
  /** counts[i] = observations <= buckets[i] (cumulative), as the exposition format wants. */
  series: Array<{ labels: Labels; counts: number[]; sum: number; count: number }>
}

export type MetricFamily = ScalarFamily | HistogramFamily

/** One labelled counter series; callers on the hot path keep it (LogMetrics) to skip the key. */
export type CounterSeries = { labels: Labels; value: number }

/** Series keyed by their label values in a fixed order, so equal labels share one series. */
export class LabeledCounter {
  private readonly entries = new Map<string, CounterSeries>()
  constructor(readonly name: string, readonly help: string, readonly type: 'counter' | 'gauge' = 'counter') {}

  add(labels: Labels, amount = 1): void {
    this.series(labels).value += amount
  }

  /** The series for these labels, created at zero. */
  series(labels: Labels): CounterSeries {
    const key = JSON.stringify(labels)
    let entry = this.entries.get(key)
    if (!entry) {
      entry = { labels, value: 0 }
      this.entries.set(key, entry)
    }
    return entry
  }

  family(): ScalarFamily {
    return { name: this.name, help: this.help, type: this.type, series: [...this.entries.values()].map((entry) => ({ ...entry })) }
  }
}

/**
 * One labelled histogram series. Each observation bumps one bucket (not every bucket above it):
 * the cumulative counts the exposition format wants are summed when /metrics is read, which is
 * rare, instead of on every request.
 */
export class HistogramSeries {
  /** perBucket[i] = observations in (buckets[i-1], buckets[i]]; above the last bound only in count. */
  private readonly perBucket: number[]
  sum = 0
  count = 0

  constructor(readonly labels: Labels, private readonly buckets: readonly number[]) {
    this.perBucket = buckets.map(() => 0)
  }

  observe(value: number): void {
    const buckets = this.buckets
    let index = 0
    // Written as !(<=) so that NaN passes every bound, as it did with cumulative compares.
    while (index < buckets.length && !(value <= (buckets[index] ?? Infinity))) index++
    if (index < buckets.length) this.perBucket[index] = (this.perBucket[index] ?? 0) + 1
    this.sum += value
    this.count += 1
  }

  cumulativeCounts(): number[] {
    let running = 0
    return this.perBucket.map((count) => (running += count))
  }
}

export class LabeledHistogram {
  private readonly entries = new Map<string, HistogramSeries>()
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {}

  observe(labels: Labels, value: number): void {
    this.series(labels).observe(value)
  }

  /** The series for these labels, created empty. */
  series(labels: Labels): HistogramSeries {
    const key = JSON.stringify(labels)
    let entry = this.entries.get(key)
    if (!entry) {
      entry = new HistogramSeries(labels, this.buckets)
      this.entries.set(key, entry)
    }
    return entry
  }

  family(): HistogramFamily {
    const series = [...this.entries.values()].map((entry) => ({ labels: entry.labels, counts: entry.cumulativeCounts(), sum: entry.sum, count: entry.count }))
    return { name: this.name, help: this.help, type: 'histogram', buckets: this.buckets, series }
  }
}
