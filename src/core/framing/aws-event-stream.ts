/**
 * AWS event-stream framing (application/vnd.amazon.eventstream): bytes ⇄ frames, with no LLM
 * knowledge. A frame is a 12-byte prelude (total length, headers length, CRC32 of the first 8
 * bytes), the headers, the payload and a CRC32 of everything before it. TCP reads do not align
 * with frames, so the decoder keeps a remainder and a frame split anywhere decodes the same; both
 * CRCs are verified (CLIENTS.md: decoders in the field that skip them pass corrupt frames on).
 * @see ../../../../shared/protocols/bedrock-converse.md §6
 */
import { crc32 } from './aws-event-stream-crc32.ts'
import { decodeHeaders, encodeHeaders, EventStreamError, type EventStreamHeaders, type EventStreamHeaderValue } from './aws-event-stream-headers.ts'

export { EventStreamError, type EventStreamHeaders, type EventStreamHeaderValue } from './aws-event-stream-headers.ts'

export type EventStreamMessage = { headers: EventStreamHeaders; payload: Uint8Array }

const PRELUDE_BYTES = 12
const OVERHEAD_BYTES = 16
/** The service's own limits: 16 MiB per message, 128 KiB of headers. */
export const MAX_EVENT_STREAM_MESSAGE_BYTES = 16 * 1024 * 1024
const MAX_HEADER_BYTES = 128 * 1024

const EMPTY = new Uint8Array(0)

/** The string value of a header; undefined when absent or of another type. */
export function stringHeader(message: EventStreamMessage, name: string): string | undefined {
  const header = message.headers[name]
  return header?.type === 'string' ? header.value : undefined
}

/**
 * Incremental decoder: push byte chunks, get the frames they complete. A bad frame throws
 * EventStreamError; the frames completed before it in the same push are then in takeCompleted().
 */
export class EventStreamDecoder {
  private pending: Uint8Array = EMPTY
  private preludeChecked = false
  private completed: EventStreamMessage[] = []

  push(chunk: Uint8Array): EventStreamMessage[] {
    this.completed = []
    this.pending = this.pending.byteLength === 0 ? chunk : join(this.pending, chunk)
    for (;;) {
      const message = this.next()
      if (message === undefined) break
      this.completed.push(message)
    }
    // Keep only the remainder, not the whole chunk it came in.
    if (this.pending.byteLength > 0 && this.pending.byteOffset > 0) this.pending = this.pending.slice()
    return this.takeCompleted()
  }

  takeCompleted(): EventStreamMessage[] {
    const messages = this.completed
    this.completed = []
    return messages
  }

  /** The body ended: a partial frame left over means the stream was cut. */
  end(): void {
    if (this.pending.byteLength > 0) throw new EventStreamError('truncated', `event stream ended inside a frame (${this.pending.byteLength} bytes left)`)
  }

  private next(): EventStreamMessage | undefined {
    const bytes = this.pending
    if (bytes.byteLength < PRELUDE_BYTES) return undefined
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const total = view.getUint32(0)
    const headersLength = view.getUint32(4)
    // The prelude is checked as soon as it is whole, so a corrupt length is never waited for.
    if (!this.preludeChecked) {
      if (crc32(bytes.subarray(0, 8)) !== view.getUint32(8)) throw new EventStreamError('prelude-crc', 'event-stream prelude CRC mismatch')
      if (total < OVERHEAD_BYTES || total > MAX_EVENT_STREAM_MESSAGE_BYTES) throw new EventStreamError('length', `event-stream frame length ${total} is out of range`)
      if (headersLength > total - OVERHEAD_BYTES || headersLength > MAX_HEADER_BYTES) throw new EventStreamError('length', `event-stream headers length ${headersLength} is out of range`)
      this.preludeChecked = true
    }
    if (bytes.byteLength < total) return undefined
    // The message CRC covers bytes 0..total-4; it continues from the prelude's CRC of bytes 0..8.
    if (crc32(bytes.subarray(8, total - 4), view.getUint32(8)) !== view.getUint32(total - 4)) {
      throw new EventStreamError('message-crc', 'event-stream message CRC mismatch')
    }
    const headers = decodeHeaders(bytes.subarray(PRELUDE_BYTES, PRELUDE_BYTES + headersLength))
    const payload = bytes.slice(PRELUDE_BYTES + headersLength, total - 4)
    this.pending = bytes.subarray(total)
    this.preludeChecked = false
    return { headers, payload }
  }
}

function join(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.byteLength + tail.byteLength)
  out.set(head, 0)
  out.set(tail, head.byteLength)
  return out
}

/** One frame; plain strings stand for string headers. */
export function encodeEventStreamMessage(headers: Record<string, EventStreamHeaderValue | string>, payload: Uint8Array): Uint8Array {
  const headerBytes = encodeHeaders(headers)
  const total = OVERHEAD_BYTES + headerBytes.byteLength + payload.byteLength
  // A view over the fresh ArrayBuffer: `out.buffer` would make the engine materialise it.
  const buffer = new ArrayBuffer(total)
  const out = new Uint8Array(buffer)
  const view = new DataView(buffer)
  view.setUint32(0, total)
  view.setUint32(4, headerBytes.byteLength)
  view.setUint32(8, crc32(out.subarray(0, 8)))
  out.set(headerBytes, PRELUDE_BYTES)
  out.set(payload, PRELUDE_BYTES + headerBytes.byteLength)
  view.setUint32(total - 4, crc32(out.subarray(0, total - 4)))
  return out
}
