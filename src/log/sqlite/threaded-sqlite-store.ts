/**
 * The SQLite LogStore the bridge runs with: writes and retention go to the writer thread
 * (writer-thread.ts), reads stay on this thread with a connection of their own. In WAL mode a
 * reader never waits for the writer, so the API's queries see every committed batch.
 */
import type { LogEntry, LogFilter, LogPage, StatsParams } from '../log-query.ts'
import type { LogStore, RetentionPolicy, StatsSample } from '../log-store.ts'
import type { RequestLogRow } from '../request-log-row.ts'
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

/** A storage failure reported by the writer thread, with SQLite's code (SQLITE_FULL…). */
export class WriterThreadError extends Error {
  constructor(readonly code: string | undefined, message: string) {
    super(message)
  }
}

/** Bun's Worker; the DOM typings the console needs lack its ref()/unref(). */
type ThreadHandle = Worker & { ref(): void; unref(): void }

type Waiting = { resolve: (value: number) => void; reject: (error: Error) => void }
type Request = WriterRequest extends infer R ? (R extends WriterRequest ? Omit<R, 'id'> : never) : never

export type ThreadedStoreOptions = {
  /** Extra PRAGMAs for the writer's connection (tests simulate a full disk with max_page_count). */
  pragmas?: readonly string[]
}

export class ThreadedSqliteStore implements LogStore {
  private readonly reader: SqliteLogStore
  private readonly thread: ThreadHandle
  private readonly waiting = new Map<number, Waiting>()
  private nextId = 1
  private threadSeconds = 0
  private closing: Promise<void> | undefined
  /** Set when the thread itself has failed: later writes fail at once instead of waiting forever. */
  private failure: Error | undefined

  /** Throws when the file cannot be opened or migrated: the caller falls back to UnavailableStore. */
  constructor(path: string, options: ThreadedStoreOptions = {}) {
    // Opened (and migrated) here first, so a broken file is known before any row is accepted.
    this.reader = new SqliteLogStore(path)
    this.thread = new Worker(WRITER_THREAD_URL) as ThreadHandle
    // The thread keeps the process alive only while it owes an answer (see call()).
    this.thread.unref()
    this.thread.onmessage = (event: MessageEvent<WriterReply>) => this.settle(event.data)
    this.thread.onerror = (event) => {
      this.failure = new WriterThreadError(undefined, `log writer thread failed: ${event.message}`)
      this.failAll(this.failure)
    }
    // An open failure is kept by the thread and answers every later write; nothing waits on it here.
    this.call({ kind: 'open', path, pragmas: options.pragmas ?? [] }).catch(() => {})
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

  prune(policy: RetentionPolicy, now: number): Promise<number> {
    return this.call({ kind: 'prune', policy, now })
  }

  /** Runs a PRAGMA on the writer's connection (tests: a disk that fills up and frees space again). */
  async pragma(statement: string): Promise<void> {
    await this.call({ kind: 'pragma', statement })
  }

  /** Seconds the writer thread has spent writing: the log's cost that is off the proxy's thread. */
  busySeconds(): number {
    return this.threadSeconds
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.call({ kind: 'close' }).catch(() => {})
      this.thread.terminate()
      this.reader.close()
    })()
    return this.closing
  }

  private call(request: Request): Promise<number> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise<number>((resolve, reject) => {
      if (this.waiting.size === 0) this.thread.ref()
      this.waiting.set(id, { resolve, reject })
      this.thread.postMessage({ ...request, id } as WriterRequest)
    })
  }

  private settle(reply: WriterReply): void {
    const waiting = this.waiting.get(reply.id)
    if (waiting === undefined) return
    this.forget(reply.id)
    if (reply.ok) {
      this.threadSeconds += reply.seconds
      waiting.resolve(reply.value)
    } else {
      waiting.reject(new WriterThreadError(reply.code, reply.message))
    }
  }

  private failAll(error: Error): void {
    for (const [id, waiting] of this.waiting) {
      this.forget(id)
      waiting.reject(error)
    }
  }

  private forget(id: number): void {
    this.waiting.delete(id)
    if (this.waiting.size === 0) this.thread.unref()
  }
}
