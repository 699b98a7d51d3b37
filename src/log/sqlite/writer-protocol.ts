/** The messages between the proxy's thread and the log's writer thread (writer-thread.ts). */
import type { RetentionPolicy } from '../log-store.ts'

export type WriterRequest =
  | { kind: 'open'; id: number; path: string; pragmas: readonly string[] }
  /** Rows as JSON text: one string crosses the thread boundary cheaper than a structured clone of objects. */
  | { kind: 'insert'; id: number; rows: string }
  /** One bounded part of a retention run; batches queued meanwhile are stored between steps. */
  | { kind: 'prune-step'; id: number; policy: RetentionPolicy; now: number; maxBatches: number }
  | { kind: 'compact'; id: number }
  | { kind: 'pragma'; id: number; statement: string }
  | { kind: 'close'; id: number }

export type WriterReply =
  /** seconds: CPU time the writer thread spent on the request; value: rows deleted by a prune step, done: nothing left to prune. */
  | { id: number; ok: true; seconds: number; value: number; done: boolean }
  /** code and message only: never row content. */
  | { id: number; ok: false; code: string | undefined; message: string }
