/** The SQLite LogStore: one connection, used only from the writer and the API's reads. */
import type { Database, Statement } from 'bun:sqlite'
import { decodeCursor, encodeCursor } from '../cursor.ts'
import { computeStats } from '../compute-stats.ts'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type LogEntry, type LogFilter, type LogPage, type Stats, type StatsParams } from '../log-query.ts'
import type { LogStore, RetentionPolicy, StatsSample } from '../log-store.ts'
import type { RequestLogRow } from '../request-log-row.ts'
import { buildWhere } from './build-where.ts'
import { openDatabase } from './open-database.ts'
import { compactDatabase, pruneDatabase, pruneStep, type PruneStep } from './prune-database.ts'
import { COLUMN_NAMES, fromColumns, toColumns, type ColumnRecord } from './row-columns.ts'

/** The list view leaves the bodies out: they can be 64 KiB each. */
const LIST_COLUMNS = COLUMN_NAMES.filter((name) => name !== 'request_body' && name !== 'response_body')

type Stored = ColumnRecord & { id: number }

export class SqliteLogStore implements LogStore {
  /** Exposed for tests that simulate a full disk (PRAGMA max_page_count on this connection). */
  readonly database: Database
  private readonly insert: Statement<unknown, [ColumnRecord]>

  /** create false: open an existing log only (see openDatabase). */
  constructor(path: string, options: { create?: boolean } = {}) {
    this.database = openDatabase(path, options)
    const names = COLUMN_NAMES.join(', ')
    const values = COLUMN_NAMES.map((name) => `$${name}`).join(', ')
    // A repeated request id keeps the first row: "exactly one row per request" even if a caller
    // records twice.
    this.insert = this.database.query(`INSERT OR IGNORE INTO request_log (${names}) VALUES (${values})`)
  }

  insertBatch(rows: readonly RequestLogRow[]): void {
    this.database.transaction(() => {
      for (const row of rows) this.insert.run(toColumns(row))
    })()
  }

  query(filter: LogFilter): LogPage {
    const cursor = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor)
    const limit = Math.min(Math.max(filter.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE)
    const where = buildWhere(filter, cursor)
    const sql = `SELECT id, ${LIST_COLUMNS.join(', ')} FROM request_log ${where.sql} ORDER BY started_at DESC, id DESC LIMIT ?`
    const found = this.database.query<Stored, Array<string | number>>(sql).all(...where.params, limit + 1)
    const page = found.slice(0, limit)
    const last = page.at(-1)
    const result: LogPage = { rows: page.map((record) => fromColumns(record)) }
    if (found.length > limit && last) result.nextCursor = encodeCursor({ startedAt: last.started_at, id: last.id })
    return result
  }

  get(requestId: string, tokenId?: string): LogEntry | undefined {
    const record = this.database
      .query<Stored, [string]>(`SELECT id, ${COLUMN_NAMES.join(', ')} FROM request_log WHERE request_id = ?`)
      .get(requestId)
    if (!record || (tokenId !== undefined && record.token_id !== tokenId)) return undefined
    return fromColumns(record)
  }

  /** Computed as the rows stream from SQLite: the window's rows are never all in memory at once. */
  stats(params: StatsParams): Stats {
    return computeStats(this.samples(params), params)
  }

  private samples(params: StatsParams): IterableIterator<StatsSample> {
    const where = buildWhere({ from: params.from, to: params.to, ...(params.tokenId === undefined ? {} : { tokenId: params.tokenId }) })
    const sql = `SELECT started_at AS startedAt, provider, COALESCE(upstream_model, client_model) AS model, status,
      duration_ms AS durationMs, ttfb_ms AS ttfbMs, COALESCE(input_tokens, 0) AS inputTokens,
      COALESCE(output_tokens, 0) AS outputTokens, COALESCE(cache_read_tokens, 0) AS cacheReadTokens,
      COALESCE(cache_write_tokens, 0) AS cacheWriteTokens, COALESCE(reasoning_tokens, 0) AS reasoningTokens,
      cost_usd AS costUsd FROM request_log ${where.sql} ORDER BY started_at`
    return this.database.query<StatsSample, Array<string | number>>(sql).iterate(...where.params)
  }

  prune(policy: RetentionPolicy, now: number): number {
    return pruneDatabase(this.database, policy, now)
  }

  /** One bounded part of a retention run (the writer thread interleaves them with batches). */
  pruneStep(policy: RetentionPolicy, now: number, maxBatches: number): PruneStep {
    return pruneStep(this.database, policy, now, maxBatches)
  }

  compact(): void {
    compactDatabase(this.database)
  }

  close(): void {
    this.database.close(false)
  }
}
