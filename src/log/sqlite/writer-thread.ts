/**
 * The request log's writer thread. It owns the connection that writes (batches of rows,
 * retention), so a transaction, a WAL checkpoint or an fsync never runs on the proxy's thread: a
 * request never waits for the disk. Requests are answered in the order they arrive.
 */
import type { WriterReply, WriterRequest } from './writer-protocol.ts'
import { SqliteLogStore } from './sqlite-store.ts'
import type { RequestLogRow } from '../request-log-row.ts'
import { threadCpuSeconds } from '../thread-cpu.ts'

declare const self: Worker

let store: SqliteLogStore | undefined
let target: { path: string; pragmas: readonly string[] } | undefined

self.onmessage = (event: MessageEvent<WriterRequest>) => {
  const request = event.data
  let reply: WriterReply
  try {
    const started = threadCpuSeconds()
    const { value, done } = handle(request)
    reply = { id: request.id, ok: true, seconds: threadCpuSeconds() - started, value, done }
  } catch (error) {
    reply = { id: request.id, ok: false, ...describe(error) }
  }
  self.postMessage(reply)
}

const DONE = { value: 0, done: true }

function handle(request: WriterRequest): { value: number; done: boolean } {
  if (request.kind === 'open') {
    target = { path: request.path, pragmas: request.pragmas }
    open()
    return DONE
  }
  if (request.kind === 'close') {
    store?.close()
    store = undefined
    target = undefined
    return DONE
  }
  // A database that could not be opened (locked past the busy timeout, a full disk) is tried
  // again with each request, so the log recovers without a restart.
  const writer = store ?? open()
  switch (request.kind) {
    case 'insert':
      writer.insertBatch(JSON.parse(request.rows) as RequestLogRow[])
      return DONE
    case 'prune-step': {
      const step = writer.pruneStep(request.policy, request.now, request.maxBatches)
      return { value: step.deleted, done: step.done }
    }
    case 'compact':
      writer.compact()
      return DONE
    case 'pragma':
      writer.database.run(`PRAGMA ${request.statement}`)
      return DONE
  }
}

function open(): SqliteLogStore {
  if (target === undefined) throw new Error('the log database is closed')
  const opened = new SqliteLogStore(target.path)
  try {
    for (const pragma of target.pragmas) opened.database.run(`PRAGMA ${pragma}`)
  } catch (error) {
    opened.close()
    throw error
  }
  store = opened
  return opened
}

function describe(error: unknown): { code: string | undefined; message: string } {
  if (!(error instanceof Error)) return { code: undefined, message: String(error) }
  const code = (error as Error & { code?: unknown }).code
  return { code: typeof code === 'string' ? code : undefined, message: error.message }
}
