/**
 * A store that holds nothing: reads answer empty and writes are dropped. The request log turned
 * off uses it as is; the store that stands in for a database that cannot open throws on writes.
 */
import { computeStats } from './compute-stats.ts'
import type { LogPage, Stats, StatsParams } from './log-query.ts'
import type { LogStore } from './log-store.ts'
import type { RequestLogRow } from './request-log-row.ts'

export class EmptyStore implements LogStore {
  insertBatch(_rows: readonly RequestLogRow[]): void {}

  query(): LogPage {
    return { rows: [] }
  }

  get(): undefined {
    return undefined
  }

  stats(params: StatsParams): Stats {
    return computeStats([], params)
  }

  prune(): number {
    return 0
  }

  close(): void {}
}
