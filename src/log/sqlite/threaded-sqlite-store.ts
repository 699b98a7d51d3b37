/**
 * The SQLite LogStore the bridge runs with: writes and retention go to the writer thread, the
 * API's reads to the reader thread, each with a connection of its own (log-thread.ts). In WAL mode
 * neither waits for the other, and the reader sees every committed batch. The proxy's thread keeps
 * one connection for what is cheap and must be known at once: opening and migrating the file, and
 * asking whether retention has anything to do.
 */
import type { Database } from 'bun:sqlite'
import type { LogEntry, LogFilter, LogPage, Stats, StatsParams } from '../log-query.ts'
import type { LogStore, RetentionPolicy } from '../log-store.ts'
import type { RequestLogRow } from '../request-log-row.ts'
import { LogThreadClient, type LogThreadRole } from './log-thread-client.ts'
import { MAX_BATCHES, needsPruning, STEP_BATCHES } from './prune-database.ts'
import { openDatabase } from './open-database.ts'

export type ThreadedStoreOptions = {
  /** Extra PRAGMAs for the writer's connection (tests simulate a full disk with max_page_count). */
  pragmas?: readonly string[]
  /** Sees each thread as it starts (tests end one to check that the log recovers). */
  onThread?: (thread: Worker, role: LogThreadRole) => void
  /** How long a thread may sit idle before it is stopped (its engine and heaps are ~5–15 MiB). */
  idleStopMs?: number
}

export class ThreadedSqliteStore implements LogStore {
  /** This thread's connection: opens and migrates the file, and answers needsPruning (index lookups). */
  private readonly local: Database
  private readonly writer: LogThreadClient
  private readonly reader: LogThreadClient
  private closing: Promise<void> | undefined

  /** Throws when the file cannot be opened or migrated: the caller falls back to UnavailableStore. */
  constructor(path: string, options: ThreadedStoreOptions = {}) {
    // Opened (and migrated) here, on this thread, so a broken file is known before any row is accepted.
    this.local = openDatabase(path)
    const shared = { ...(options.onThread ? { onThread: options.onThread } : {}), ...(options.idleStopMs === undefined ? {} : { idleStopMs: options.idleStopMs }) }
    this.writer = new LogThreadClient(path, { role: 'writer', pragmas: options.pragmas ?? [], ...shared })
    this.reader = new LogThreadClient(path, { role: 'reader', ...shared })
  }

  async insertBatch(rows: readonly RequestLogRow[]): Promise<void> {
    await this.writer.call({ kind: 'insert', rows: JSON.stringify(rows) })
  }

  query(filter: LogFilter): Promise<LogPage> {
    return this.reader.call({ kind: 'query', filter })
  }

  get(requestId: string, tokenId?: string): Promise<LogEntry | undefined> {
    return this.reader.call({ kind: 'get', requestId, tokenId })
  }

  stats(params: StatsParams): Promise<Stats> {
    return this.reader.call({ kind: 'stats', params })
  }

  /** In bounded steps, each its own message: batches queued meanwhile are stored between them. */
  async prune(policy: RetentionPolicy, now: number): Promise<number> {
    // Asked on this thread's connection first: with nothing to delete, an idle bridge starts no thread.
    if (!needsPruning(this.local, policy, now)) return 0
    let deleted = 0
    try {
      for (let steps = 0; steps < MAX_BATCHES / STEP_BATCHES; steps++) {
        const step = await this.writer.call({ kind: 'prune-step', policy, now, maxBatches: STEP_BATCHES })
        deleted += step.deleted
        if (step.done) break
      }
    } finally {
      // Also when a step failed (a full disk is when the space matters most); best effort.
      if (deleted > 0) await this.writer.call({ kind: 'compact' }).catch(() => {})
    }
    return deleted
  }

  /** Runs a PRAGMA on the writer's connection (tests: a disk that fills up and frees space again). */
  async pragma(statement: string): Promise<void> {
    await this.writer.call({ kind: 'pragma', statement })
  }

  /** CPU seconds the writer thread has spent writing: the log's cost that is off the proxy's thread. */
  busySeconds(): number {
    return this.writer.busySeconds()
  }

  /** CPU seconds the reader thread has spent answering the API's queries, off the proxy's thread. */
  readSeconds(): number {
    return this.reader.busySeconds()
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([this.writer.close(), this.reader.close()])
      this.local.close()
    })()
    return this.closing
  }
}
