/**
 * The SQLite LogStore the bridge runs with: writes and retention go to the writer thread
 * (writer-thread.ts), reads stay on this thread with a connection of their own. In WAL mode a
 * reader never waits for the writer, so the API's queries see every committed batch.
 */
import type { LogEntry, LogFilter, LogPage, StatsParams } from '../log-query.ts'
import type { LogStore, RetentionPolicy, StatsSample } from '../log-store.ts'
import type { RequestLogRow } from '../request-log-row.ts'
import { MAX_BATCHES, needsPruning, STEP_BATCHES } from './prune-database.ts'
import { SqliteLogStore } from './sqlite-store.ts'
import type { WriterReply, WriterRequest } from './writer-protocol.ts'

/**
 * The compiled binary bundles the writer thread as a second entry point (scripts/build-binary.ts)
 * under its path from src/, and gives every bundled module the executable's URL
 * (file:///$bunfs/root/llm-bridge); from source the thread is this file's sibling.
 */
const WRITER_THREAD_URL = /\/\$bunfs\/|\/~BUN\//.test(import.meta.url)
  ? new URL('./log/sqlite/writer-thread.ts', import.meta.url)
  : new URL('./writer-thread.ts', import.meta.url)

/** A storage failure reported by the writer thread, with SQLite's code (SQLITE_FULL…) or LOG_THREAD_EXITED. */
export class WriterThreadError extends Error {
  constructor(readonly code: string | undefined, message: string) {
    super(message)
  }
}

/** Bun's Worker; the DOM typings the console needs lack its ref()/unref(). */
type ThreadHandle = Worker & { ref(): void; unref(): void }

type Answer = { value: number; done: boolean }

/** The id of the close that retires an idle thread: nobody waits for its answer. */
const RETIRE_ID = 0
/** A thread with nothing to do for this long is stopped: an idle bridge gets its memory back. */
export const DEFAULT_IDLE_STOP_MS = 60_000
type Waiting = { resolve: (answer: Answer) => void; reject: (error: Error) => void }
/** A request before it is given its id (Omit applied to each member of the union). */
type Unsent<T = WriterRequest> = T extends WriterRequest ? Omit<T, 'id'> : never

export type ThreadedStoreOptions = {
  /** Extra PRAGMAs for the writer's connection (tests simulate a full disk with max_page_count). */
  pragmas?: readonly string[]
  /** Sees each writer thread as it starts (tests end one to check that the log recovers). */
  onThread?: (thread: Worker) => void
  /** How long the thread may sit idle before it is stopped (its engine and heaps are ~5–15 MiB). */
  idleStopMs?: number
}

export class ThreadedSqliteStore implements LogStore {
  private readonly reader: SqliteLogStore
  private readonly waiting = new Map<number, Waiting>()
  /** The writer thread: started by the first request, and again after it died or sat idle. */
  private thread: ThreadHandle | undefined
  private idleTimer: ReturnType<typeof setTimeout> | undefined
  private nextId = RETIRE_ID + 1
  private threadSeconds = 0
  private closing: Promise<void> | undefined

  /** Throws when the file cannot be opened or migrated: the caller falls back to UnavailableStore. */
  constructor(private readonly path: string, private readonly options: ThreadedStoreOptions = {}) {
    // Opened (and migrated) here, on this thread, so a broken file is known before any row is accepted.
    this.reader = new SqliteLogStore(path)
  }

  async insertBatch(rows: readonly RequestLogRow[]): Promise<void> {
    await this.call({ kind: 'insert', rows: JSON.stringify(rows) })
  }

  query(filter: LogFilter): LogPage {
    return this.reader.query(filter)
  }

  get(requestId: string, tokenId?: string): LogEntry | undefined {
    return this.reader.get(requestId, tokenId)
  }

  samples(params: StatsParams): StatsSample[] {
    return this.reader.samples(params)
  }

  /** In bounded steps, each its own message: batches queued meanwhile are stored between them. */
  async prune(policy: RetentionPolicy, now: number): Promise<number> {
    // Asked on this thread's connection first: with nothing to delete, an idle bridge starts no thread.
    if (!needsPruning(this.reader.database, policy, now)) return 0
    let deleted = 0
    try {
      for (let steps = 0; steps < MAX_BATCHES / STEP_BATCHES; steps++) {
        const step = await this.call({ kind: 'prune-step', policy, now, maxBatches: STEP_BATCHES })
        deleted += step.value
        if (step.done) break
      }
    } finally {
      // Also when a step failed (a full disk is when the space matters most); best effort.
      if (deleted > 0) await this.call({ kind: 'compact' }).catch(() => {})
    }
    return deleted
  }

  /** Runs a PRAGMA on the writer's connection (tests: a disk that fills up and frees space again). */
  async pragma(statement: string): Promise<void> {
    await this.call({ kind: 'pragma', statement })
  }

  /** CPU seconds the writer thread has spent writing: the log's cost that is off the proxy's thread. */
  busySeconds(): number {
    return this.threadSeconds
  }

  close(): Promise<void> {
    clearTimeout(this.idleTimer)
    this.closing ??= (async () => {
      // Requests are answered in order: this one settles after every write sent before it.
      if (this.thread !== undefined) await this.send({ kind: 'close' }).catch(() => {})
      this.thread?.terminate()
      this.thread = undefined
      this.reader.close()
    })()
    return this.closing
  }

  private startThread(): ThreadHandle {
    const thread = new Worker(WRITER_THREAD_URL) as ThreadHandle
    // The thread keeps the process alive only while it owes an answer (see send()).
    thread.unref()
    thread.onmessage = (event: MessageEvent<WriterReply>) => {
      if (event.data.id === RETIRE_ID) thread.terminate()
      else this.settle(event.data)
    }
    thread.onerror = (event) => this.lost(thread, event.message)
    // A thread can also end without an error event (an exit inside it, terminate()).
    thread.addEventListener('close', () => this.lost(thread, 'exited'))
    this.options.onThread?.(thread)
    // Nothing waits on the open: a failure to open is retried by the thread with the next request.
    this.post(thread, { kind: 'open', path: this.path, pragmas: this.options.pragmas ?? [] }).catch(() => {})
    return thread
  }

  private call(request: Unsent): Promise<Answer> {
    if (this.closing !== undefined) return Promise.reject(new WriterThreadError(undefined, 'the request log is closed'))
    return this.send(request)
  }

  /** A thread that died is replaced on the next request; the writer's backoff paces the retries. */
  private send(request: Unsent): Promise<Answer> {
    this.thread ??= this.startThread()
    return this.post(this.thread, request)
  }

  private post(thread: ThreadHandle, request: Unsent): Promise<Answer> {
    const id = this.nextId++
    clearTimeout(this.idleTimer)
    return new Promise<Answer>((resolve, reject) => {
      if (this.waiting.size === 0) thread.ref()
      this.waiting.set(id, { resolve, reject })
      thread.postMessage({ ...request, id } as WriterRequest)
    })
  }

  private settle(reply: WriterReply): void {
    const waiting = this.waiting.get(reply.id)
    if (waiting === undefined) return
    this.forget(reply.id)
    if (reply.ok) {
      this.threadSeconds += reply.seconds
      waiting.resolve({ value: reply.value, done: reply.done })
    } else {
      waiting.reject(new WriterThreadError(reply.code, reply.message))
    }
  }

  /** Every answer the dead thread owed fails (the writer keeps those rows and tries again). */
  private lost(thread: ThreadHandle, why: string): void {
    if (this.thread !== thread) return
    this.thread = undefined
    // Should it have survived its error, it must neither write beside its successor nor stay ref'd.
    thread.terminate()
    const error = new WriterThreadError('LOG_THREAD_EXITED', `the log writer thread stopped (${why})`)
    for (const [id, waiting] of this.waiting) {
      this.forget(id)
      waiting.reject(error)
    }
  }

  private forget(id: number): void {
    this.waiting.delete(id)
    if (this.waiting.size > 0) return
    this.thread?.unref()
    if (this.thread !== undefined && this.closing === undefined) {
      this.idleTimer = setTimeout(() => this.retire(), this.options.idleStopMs ?? DEFAULT_IDLE_STOP_MS)
      this.idleTimer.unref?.()
    }
  }

  /**
   * Stops an idle thread: it closes its connection and ends. Nothing is owed by it (no answer is
   * awaited), and the next request starts a new thread instead of waiting for this one.
   */
  private retire(): void {
    const thread = this.thread
    if (thread === undefined || this.waiting.size > 0 || this.closing !== undefined) return
    this.thread = undefined
    thread.postMessage({ kind: 'close', id: RETIRE_ID } satisfies WriterRequest)
  }
}
