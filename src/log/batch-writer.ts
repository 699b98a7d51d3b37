/**
 * The one writer: record() only queues; a timer hands the queue to the store in batches, one
 * transaction each and one batch at a time, so no request waits for the disk (the SQLite store
 * writes on its own thread). Storage failures (disk full, I/O error, corrupt file) are counted and
 * retried with backoff while the queue stays bounded by dropping the oldest rows.
 */
import { errorCodeOf } from './error-code.ts'
import type { LogStore } from './log-store.ts'
import type { RequestLogRow } from './request-log-row.ts'
import { threadCpuSeconds } from './thread-cpu.ts'

export type Pending = { row: RequestLogRow; secrets: readonly string[]; clean?: boolean }

export type WriterOptions = {
  flushIntervalMs: number
  batchSize: number
  maxQueue: number
  sanitize: (pending: Pending) => RequestLogRow
  onWritten: (rows: readonly RequestLogRow[]) => void
}

export type WriterHealth = {
  ok: boolean
  queued: number
  dropped: number
  writeErrors: number
  /** Rows stored, and the CPU time spent sanitising them and handing them to the store: what the log costs the proxy's thread. */
  rowsWritten: number
  writeSeconds: number
  /** CPU time the store spent writing on a thread of its own (0 when it writes on the proxy's thread). */
  storeSeconds: number
  lastError?: string
  /** SQLite's code for the last failure (SQLITE_FULL…), when it has one: safe to show anywhere. */
  lastErrorCode?: string
}

const MAX_BACKOFF_MS = 30_000
/** Body text per batch: the batch is copied as one string to the writer thread and parsed there. */
const MAX_BATCH_BODY_CHARS = 8 * 1024 * 1024

export class BatchWriter {
  private queue: Pending[] = []
  private timer: ReturnType<typeof setTimeout> | undefined
  private dropped = 0
  private writeErrors = 0
  private consecutiveErrors = 0
  private lastError: string | undefined
  private lastErrorCode: string | undefined
  private closed = false
  private dueNow = false
  private rowsWritten = 0
  private writeSeconds = 0
  /** Rows handed to the store and not yet confirmed. */
  private inFlight = 0
  private pumping: Promise<void> | undefined

  constructor(private readonly store: LogStore, private readonly options: WriterOptions) {}

  enqueue(pending: Pending): void {
    if (this.closed) {
      this.dropped += 1
      return
    }
    this.queue.push(pending)
    this.trim()
    // A full batch is written on the next turn, not in this one: the caller is serving a request.
    const full = this.queue.length >= this.options.batchSize && this.consecutiveErrors === 0
    if (full && !this.dueNow) {
      this.cancelTimer()
      this.dueNow = true
      this.schedule(0)
    } else {
      this.schedule(this.options.flushIntervalMs)
    }
  }

  /**
   * Writes everything queued now, ignoring the error backoff; resolves once the queue is empty or
   * a batch has failed (the rows stay queued for the backoff's retry). A call while a flush runs
   * joins it: the running one goes on to the rows queued since it started.
   */
  flushNow(): Promise<void> {
    this.cancelTimer()
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined
      if (this.queue.length > 0) this.schedule(this.backoffMs())
    })
    return this.pumping
  }

  health(): WriterHealth {
    const health: WriterHealth = {
      ok: this.consecutiveErrors === 0, queued: this.queue.length + this.inFlight, dropped: this.dropped,
      writeErrors: this.writeErrors, rowsWritten: this.rowsWritten, writeSeconds: this.writeSeconds,
      storeSeconds: this.store.busySeconds?.() ?? 0,
    }
    if (this.lastError !== undefined) health.lastError = this.lastError
    if (this.lastErrorCode !== undefined) health.lastErrorCode = this.lastErrorCode
    return health
  }

  /**
   * Counts a storage failure. One that stops rows from being stored (a failed batch, a database
   * that cannot open) makes the log read as degraded until the next batch is stored; a failed
   * retention run is only counted.
   */
  noteError(error: unknown, stopsWrites = true): void {
    this.writeErrors += 1
    if (stopsWrites) this.consecutiveErrors += 1
    this.lastError = describe(error)
    this.lastErrorCode = errorCodeOf(error)
  }

  async close(): Promise<void> {
    await this.flushNow()
    this.closed = true
    this.cancelTimer()
    this.dropped += this.queue.length
    this.queue = []
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) if (!(await this.writeBatch())) break
  }

  private async writeBatch(): Promise<boolean> {
    const started = threadCpuSeconds()
    const batch = this.queue.splice(0, this.batchLength())
    const rows = batch.map((pending) => (pending.clean ? pending.row : this.options.sanitize(pending)))
    this.inFlight = rows.length
    let written: void | Promise<void>
    try {
      written = this.store.insertBatch(rows)
    } catch (error) {
      written = Promise.reject(error)
    }
    // What ran until here ran on the proxy's thread; a store's own thread reports separately.
    this.writeSeconds += threadCpuSeconds() - started
    try {
      await written
    } catch (error) {
      this.inFlight = 0
      this.noteError(error)
      // Keep the rows for when space returns; the bound still holds.
      this.queue.unshift(...rows.map((row) => ({ row, secrets: [], clean: true })))
      this.trim()
      return false
    }
    this.inFlight = 0
    this.consecutiveErrors = 0
    this.rowsWritten += rows.length
    this.options.onWritten(rows)
    return true
  }

  /**
   * Rows in the next batch: batchSize, or fewer when stored bodies (--log-bodies, up to 128 KiB a
   * row) would make the batch's text larger than MAX_BATCH_BODY_CHARS; always at least one.
   */
  private batchLength(): number {
    const limit = Math.min(this.options.batchSize, this.queue.length)
    let chars = 0
    for (let index = 0; index < limit; index++) {
      const row = this.queue[index]?.row
      chars += (row?.requestBody?.length ?? 0) + (row?.responseBody?.length ?? 0)
      if (chars > MAX_BATCH_BODY_CHARS && index > 0) return index
    }
    return limit
  }

  private trim(): void {
    const excess = this.queue.length - this.options.maxQueue
    if (excess > 0) {
      this.queue.splice(0, excess)
      this.dropped += excess
    }
  }

  private backoffMs(): number {
    return Math.min(this.options.flushIntervalMs * 2 ** this.consecutiveErrors, MAX_BACKOFF_MS)
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.closed) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.dueNow = false
      this.flushNow()
    }, delayMs)
    this.timer.unref?.()
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.dueNow = false
  }
}

/** SQLite error code and message only: never row content. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const code = errorCodeOf(error)
  return code === undefined ? error.message : `${code}: ${error.message}`
}
