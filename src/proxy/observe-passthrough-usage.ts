/**
 * Passthrough rows carry usage (and so cost) like translated ones: the protocol's own decoder
 * reads the answer the client gets, for the log only. Nothing is held back: a streamed chunk is
 * handed on first and decoded after, on a copy of the reference, by a reader that never slows
 * the stream (it only ever waits for the next chunk). A whole answer is decoded once it is read.
 * What the decoder makes of the bytes never reaches the client, and a decoder failure only means
 * a row without usage.
 */
import { mergeUsage, type Usage } from '../core/model/index.ts'
import type { ProtocolCodec } from '../core/protocols/codec.ts'
import type { RequestLogDraft } from './request-log-draft.ts'

/** The chunks as they are, while `codec`'s decoder reads them for the row's usage. */
export async function* observeStreamUsage<Chunk extends Uint8Array>(chunks: AsyncIterable<Chunk>, codec: ProtocolCodec, draft: RequestLogDraft): AsyncGenerator<Chunk> {
  const tap = new ChunkTap()
  const reading = readUsage(codec, tap, draft)
  try {
    for await (const chunk of chunks) {
      yield chunk
      tap.push(chunk)
    }
  } finally {
    tap.end()
    // The row is recorded when this stream ends: the last usage must be in it by then.
    await reading
  }
}

/** A whole (non-streamed) chat answer's usage, into the row. */
export function observeAnswerUsage(bytes: Uint8Array, codec: ProtocolCodec, draft: RequestLogDraft): void {
  try {
    const usage = codec.decodeResponse(JSON.parse(new TextDecoder().decode(bytes))).usage
    if (usage !== undefined) draft.setUsage(usage)
  } catch {
    // Not an answer the decoder knows: the row simply has no usage.
  }
}

async function readUsage(codec: ProtocolCodec, tap: ChunkTap, draft: RequestLogDraft): Promise<void> {
  let usage: Usage | undefined
  try {
    for await (const batch of codec.decodeStream(tap)) {
      for (const event of batch) if (event.type === 'usage') usage = mergeUsage(usage, event.usage)
    }
  } catch {
    // Decoders end with an error event rather than throw; if one throws anyway, keep what came.
  }
  draft.setUsage(usage)
}

/** A one-reader queue of chunks: push never waits, the reader waits only while it is empty. */
class ChunkTap implements AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = []
  private ended = false
  private wake: (() => void) | undefined

  push(chunk: Uint8Array): void {
    this.queue.push(chunk)
    this.wake?.()
  }

  end(): void {
    this.ended = true
    this.wake?.()
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    while (true) {
      const chunk = this.queue.shift()
      if (chunk !== undefined) yield chunk
      else if (this.ended) return
      else await new Promise<void>((resolve) => (this.wake = resolve))
      this.wake = undefined
    }
  }
}
