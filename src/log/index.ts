/**
 * The request log: record() is the proxy's sink (never blocks, never throws); the rest is the read
 * side for the API and the metrics. Storage sits behind LogStore (SQLite here).
 */
import { join } from 'node:path'
import { findProvider } from '../core/catalog/providers.ts'
import { BatchWriter, type WriterHealth } from './batch-writer.ts'
import { catalogPriceLookup, type PriceLookup } from './compute-cost.ts'
import { LiveTail, type RowListener } from './live-tail.ts'
import type { LogEntry, LogFilter, LogPage, Stats, StatsParams } from './log-query.ts'
import type { LogStore, RetentionPolicy } from './log-store.ts'
import { LogMetrics } from './metrics.ts'
import type { RecordOptions, RequestLogRow, RequestLogSink } from './request-log-row.ts'
import { sanitizeRow } from './sanitize-row.ts'
import { ThreadedSqliteStore } from './sqlite/threaded-sqlite-store.ts'
import { UnavailableStore } from './unavailable-store.ts'

export type { LogEntry, LogFilter, LogPage, Stats, StatsParams, StatsBucket } from './log-query.ts'
export type { LogStore, RetentionPolicy } from './log-store.ts'
export type { RequestLogRow, RequestLogSink, RecordOptions } from './request-log-row.ts'
export { catalogPriceLookup, type PriceLookup } from './compute-cost.ts'
export { LogMetrics } from './metrics.ts'
export { LogThreadError } from './sqlite/log-thread-client.ts'

export const LOG_FILE_NAME = 'llm-bridge.sqlite'

export type RequestLogOptions = {
  dataDir: string
  logBodies: boolean
  retention?: RetentionPolicy
  flushIntervalMs?: number
  batchSize?: number
  /** Rows kept in memory while the disk is slow or failing; beyond it the oldest are dropped. */
  maxQueue?: number
  /** Database file; defaults to <dataDir>/llm-bridge.sqlite. */
  path?: string
  /** Prices for rows without a cost; openRequestLog defaults to the built-in catalog. */
  prices?: PriceLookup
  /** How often retention runs; it also runs once at open. */
  pruneIntervalMs?: number
  /** Another store (tests, a future PostgreSQL store); the file options are then ignored. */
  store?: LogStore
}

export type LogHealth = WriterHealth

/** Reads resolve later: the SQLite store answers them on a thread of its own. */
export interface RequestLog extends RequestLogSink {
  query(filter: LogFilter): Promise<LogPage>
  /** With tokenId, a row of another URL is not found. */
  get(requestId: string, tokenId?: string): Promise<LogEntry | undefined>
  stats(params: StatsParams): Promise<Stats>
  subscribe(listener: RowListener): () => void
  health(): LogHealth
  readonly metrics: LogMetrics
  /** Runs retention now; resolves to the number of rows deleted. */
  prune(): Promise<number>
  flush(): Promise<void>
  close(): Promise<void>
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 30, maxBytes: 1024 * 1024 * 1024 }

export function openRequestLog(options: RequestLogOptions): RequestLog {
  const store = options.store ?? openStore(options.path ?? join(options.dataDir, LOG_FILE_NAME))
  return createRequestLog(store, { ...options, prices: options.prices ?? catalogPriceLookup(findProvider) })
}

function openStore(path: string): LogStore {
  try {
    return new ThreadedSqliteStore(path)
  } catch (error) {
    return new UnavailableStore(error)
  }
}

export function createRequestLog(store: LogStore, options: Omit<RequestLogOptions, 'store' | 'dataDir'>): RequestLog {
  const retention = options.retention ?? DEFAULT_RETENTION
  const tail = new LiveTail()
  let writer: BatchWriter | undefined
  const metrics = new LogMetrics(() => ({
    ...(writer?.health() ?? { queued: 0, dropped: 0, writeErrors: 0, rowsWritten: 0, writeSeconds: 0, storeSeconds: 0 }),
    readSeconds: store.readSeconds?.() ?? 0,
  }))
  const sanitizeOptions = { logBodies: options.logBodies, ...(options.prices ? { prices: options.prices } : {}) }
  const activeWriter = new BatchWriter(store, {
    flushIntervalMs: options.flushIntervalMs ?? 75,
    // Rows per transaction. Each commit rewrites the tail pages of every b-tree into the WAL, so
    // under load (~500 rows per 75 ms at 7k req/s) one transaction per flush costs ~1 µs less
    // per row than batches of 200 (scripts/bench/log-cost.ts); the interval still bounds a row's wait.
    batchSize: options.batchSize ?? 1000,
    maxQueue: options.maxQueue ?? 10_000,
    sanitize: (pending) => {
      const row = sanitizeRow(pending.row, pending.secrets, sanitizeOptions)
      if (pending.row.costUsd === undefined && row.costUsd !== undefined) metrics.observeCost(row.provider, row.costUsd)
      return row
    },
    onWritten: (rows) => tail.publish(rows),
  })
  writer = activeWriter
  const prune = async (): Promise<number> => {
    try {
      return await store.prune(retention, Date.now())
    } catch (error) {
      activeWriter.noteError(error, false)
      return 0
    }
  }
  // A database that could not be opened reads as degraded from the start, before any row.
  if (store instanceof UnavailableStore) activeWriter.noteError(store.cause)
  void prune()
  const pruneTimer = setInterval(() => void prune(), options.pruneIntervalMs ?? 10 * 60_000)
  pruneTimer.unref?.()
  return {
    record(row: RequestLogRow, recordOptions?: RecordOptions): void {
      try {
        metrics.observe(row)
        if (row.costUsd !== undefined) metrics.observeCost(row.provider, row.costUsd)
        activeWriter.enqueue({ row, secrets: recordOptions?.redact ?? [] })
      } catch {
        // The sink never throws into the proxy; a row that cannot even be queued is lost.
      }
    },
    query: async (filter) => store.query(filter),
    get: async (requestId, tokenId) => store.get(requestId, tokenId),
    stats: async (params) => store.stats(params),
    subscribe: (listener) => tail.subscribe(listener),
    health: () => activeWriter.health(),
    metrics,
    prune,
    flush: () => activeWriter.flushNow(),
    close: async () => {
      clearInterval(pruneTimer)
      await activeWriter.close()
      await store.close()
    },
  }
}
