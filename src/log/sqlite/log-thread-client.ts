/**
 * The proxy's side of one log thread (log-thread.ts): started by the first request, stopped after
 * a while without work, replaced when it dies. It keeps the process alive only while an answer
 * is owed, so an idle bridge can exit and holds none of the thread's memory.
 */
import type { LogThreadReply, LogThreadRequest, LogThreadResults } from './log-thread-protocol.ts'

/**
 * The compiled binary bundles the thread as a second entry point (scripts/build-binary.ts) under
 * its path from src/, and gives every bundled module the executable's URL
 * (file:///$bunfs/root/llm-bridge); from source the thread is this file's sibling.
 */
const LOG_THREAD_URL = /\/\$bunfs\/|\/~BUN\//.test(import.meta.url)
  ? new URL('./log/sqlite/log-thread.ts', import.meta.url)
  : new URL('./log-thread.ts', import.meta.url)

/** A failure reported by a log thread, with SQLite's code (SQLITE_FULL…) or LOG_THREAD_EXITED. */
export class LogThreadError extends Error {
  constructor(readonly code: string | undefined, message: string) {
    super(message)
  }
}

export type LogThreadRole = 'writer' | 'reader'

export type LogThreadOptions = {
  role: LogThreadRole
  /** Extra PRAGMAs for the thread's connection (tests simulate a full disk with max_page_count). */
  pragmas?: readonly string[]
  /** Sees each thread as it starts (tests end one to check that the log recovers). */
  onThread?: (thread: Worker, role: LogThreadRole) => void
  /** How long the thread may sit idle before it is stopped (its engine and heaps are ~5–15 MiB). */
  idleStopMs?: number
}

/** A thread with nothing to do for this long is stopped: an idle bridge gets its memory back. */
export const DEFAULT_IDLE_STOP_MS = 60_000

/** Bun's Worker; the DOM typings the console needs lack its ref()/unref(). */
type ThreadHandle = Worker & { ref(): void; unref(): void }

/** The id of the close that retires an idle thread: nobody waits for its answer. */
const RETIRE_ID = 0

type Waiting = { resolve: (value: unknown) => void; reject: (error: Error) => void }

/** A request before it is given its id (Omit applied to each member of the union). */
type Unsent<T = LogThreadRequest> = T extends LogThreadRequest ? Omit<T, 'id'> : never
type ResultOf<R extends Unsent> = LogThreadResults[R['kind']]
/** What callers may send: opening and closing the connection are the client's own business. */
type Callable = Exclude<Unsent, { kind: 'open' | 'close' }>

export class LogThreadClient {
  private thread: ThreadHandle | undefined
  private readonly waiting = new Map<number, Waiting>()
  private idleTimer: ReturnType<typeof setTimeout> | undefined
  private nextId = RETIRE_ID + 1
  private seconds = 0
  private closing: Promise<void> | undefined

  constructor(private readonly path: string, private readonly options: LogThreadOptions) {}

  /** Sends a request to the thread (starting one if needed); rejects once the client is closed. */
  call<R extends Callable>(request: R): Promise<ResultOf<R>> {
    if (this.closing !== undefined) return Promise.reject(new LogThreadError(undefined, 'the request log is closed'))
    return this.send(request)
  }

  /** CPU seconds the thread has spent answering. */
  busySeconds(): number {
    return this.seconds
  }

  close(): Promise<void> {
    clearTimeout(this.idleTimer)
    this.closing ??= (async () => {
      // Requests are answered in order: this one settles after every one sent before it.
      if (this.thread !== undefined) await this.send({ kind: 'close' }).catch(() => {})
      this.thread?.terminate()
      this.thread = undefined
    })()
    return this.closing
  }

  /** A thread that died is replaced on the next request; the writer's backoff paces the retries. */
  private send<R extends Unsent>(request: R): Promise<ResultOf<R>> {
    this.thread ??= this.start()
    return this.post(this.thread, request)
  }

  private start(): ThreadHandle {
    const thread = new Worker(LOG_THREAD_URL) as ThreadHandle
    // The thread keeps the process alive only while it owes an answer (see post()).
    thread.unref()
    thread.onmessage = (event: MessageEvent<LogThreadReply>) => {
      if (event.data.id === RETIRE_ID) thread.terminate()
      else this.settle(event.data)
    }
    thread.onerror = (event) => this.lost(thread, event.message)
    // A thread can also end without an error event (an exit inside it, terminate()).
    thread.addEventListener('close', () => this.lost(thread, 'exited'))
    this.options.onThread?.(thread, this.options.role)
    // Nothing waits on the open: a failure to open is retried by the thread with the next request.
    // The writer may create a file that was deleted (logging starts over); the reader may not: an
    // empty file would read as a log whose rows were all deleted.
    const create = this.options.role === 'writer'
    this.post(thread, { kind: 'open', path: this.path, pragmas: this.options.pragmas ?? [], create }).catch(() => {})
    return thread
  }

  private post<R extends Unsent>(thread: ThreadHandle, request: R): Promise<ResultOf<R>> {
    const id = this.nextId++
    clearTimeout(this.idleTimer)
    return new Promise<ResultOf<R>>((resolve, reject) => {
      if (this.waiting.size === 0) thread.ref()
      // log-thread.ts answers each kind of request with LogThreadResults[kind]; the thread is ours.
      this.waiting.set(id, { resolve: (value) => resolve(value as ResultOf<R>), reject })
      thread.postMessage({ ...request, id })
    })
  }

  private settle(reply: LogThreadReply): void {
    const waiting = this.waiting.get(reply.id)
    if (waiting === undefined) return
    this.forget(reply.id)
    if (reply.ok) {
      this.seconds += reply.seconds
      waiting.resolve(reply.value)
    } else {
      waiting.reject(new LogThreadError(reply.code, reply.message))
    }
  }

  /** Every answer the dead thread owed fails (the writer keeps those rows and tries again). */
  private lost(thread: ThreadHandle, why: string): void {
    if (this.thread !== thread) return
    this.thread = undefined
    // Should it have survived its error, it must neither work beside its successor nor stay ref'd.
    thread.terminate()
    const error = new LogThreadError('LOG_THREAD_EXITED', `the log ${this.options.role} thread stopped (${why})`)
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
    thread.postMessage({ kind: 'close', id: RETIRE_ID } satisfies LogThreadRequest)
  }
}
