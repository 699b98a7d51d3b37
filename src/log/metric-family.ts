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

/** Series keyed by their label values in a fixed order, so equal labels share one series. */
export class LabeledCounter {
  private readonly series = new Map<string, { labels: Labels; value: number }>()
  constructor(readonly name: string, readonly help: string, readonly type: 'counter' | 'gauge' = 'counter') {}

  add(labels: Labels, amount = 1): void {
    const key = JSON.stringify(labels)
    const entry = this.series.get(key)
    if (entry) entry.value += amount
    else this.series.set(key, { labels, value: amount })
  }

  family(): ScalarFamily {
    return { name: this.name, help: this.help, type: this.type, series: [...this.series.values()].map((entry) => ({ ...entry })) }
  }
}

export class LabeledHistogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>()
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {}

  observe(labels: Labels, value: number): void {
    const key = JSON.stringify(labels)
    let entry = this.series.get(key)
    if (!entry) {
      entry = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }
      this.series.set(key, entry)
    }
    for (let index = 0; index < this.buckets.length; index++) {
      if (value <= (this.buckets[index] ?? Infinity)) entry.counts[index] = (entry.counts[index] ?? 0) + 1
    }
    entry.sum += value
    entry.count += 1
  }

  family(): HistogramFamily {
    const series = [...this.series.values()].map((entry) => ({ ...entry, counts: [...entry.counts] }))
    return { name: this.name, help: this.help, type: 'histogram', buckets: this.buckets, series }
  }
}
