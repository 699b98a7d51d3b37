/**
 * The one writer: record() only queues; a timer writes the queue in batches, one transaction
 * each, so no request waits for the disk. Storage failures (disk full, I/O error, corrupt file)
 * are counted and retried with backoff while the queue stays bounded by dropping the oldest rows.
 */
import type { LogStore } from './log-store.ts'
import type { RequestLogRow } from './request-log-row.ts'

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
  /** Rows stored, and the time spent sanitising and storing them: what the log costs the proxy's thread. */
  rowsWritten: number
  writeSeconds: number
  lastError?: string
}

const MAX_BACKOFF_MS = 30_000

export class BatchWriter {
  private queue: Pending[] = []
  private timer: ReturnType<typeof setTimeout> | undefined
  private dropped = 0
  private writeErrors = 0
  private consecutiveErrors = 0
  private lastError: string | undefined
  private closed = false
  private dueNow = false
  private rowsWritten = 0
  private writeSeconds = 0

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

  /** Writes everything queued now, ignoring the error backoff. */
  flushNow(): void {
    this.cancelTimer()
    while (this.queue.length > 0) if (!this.writeBatch()) break
    if (this.queue.length > 0) this.schedule(this.backoffMs())
  }

  health(): WriterHealth {
    const health: WriterHealth = {
      ok: this.consecutiveErrors === 0, queued: this.queue.length, dropped: this.dropped, writeErrors: this.writeErrors,
      rowsWritten: this.rowsWritten, writeSeconds: this.writeSeconds,
    }
    if (this.lastError !== undefined) health.lastError = this.lastError
    return health
  }

  /** Counts a storage failure outside the writer (retention) in the same health figures. */
  noteError(error: unknown): void {
    this.writeErrors += 1
    this.lastError = describe(error)
  }

  close(): void {
    this.flushNow()
    this.closed = true
    this.cancelTimer()
    this.dropped += this.queue.length
    this.queue = []
  }

  private writeBatch(): boolean {
    const started = performance.now()
    const batch = this.queue.splice(0, this.options.batchSize)
    const rows = batch.map((pending) => (pending.clean ? pending.row : this.options.sanitize(pending)))
    try {
      this.store.insertBatch(rows)
    } catch (error) {
      this.writeSeconds += (performance.now() - started) / 1000
      this.noteError(error)
      this.consecutiveErrors += 1
      // Keep the rows for when space returns; the bound still holds.
      this.queue.unshift(...rows.map((row) => ({ row, secrets: [], clean: true })))
      this.trim()
      return false
    }
    this.consecutiveErrors = 0
    this.rowsWritten += rows.length
    this.writeSeconds += (performance.now() - started) / 1000
    this.options.onWritten(rows)
    return true
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
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message
  }
  return String(error)
}
