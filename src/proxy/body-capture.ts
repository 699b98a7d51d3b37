/**
 * --log-bodies: what the log keeps of a request or an answer, taken from bytes the proxy already
 * has (never a second read, never a buffered stream). Capped below the log's own cap, so the
 * writer's redaction sees the whole capture and the truncation note below survives its cut.
 */
import { BODY_CAP_CHARS } from '../log/sanitize-row.ts'
import type { PipelineContext } from './pipeline-context.ts'
import type { RowFinish } from './request-log-draft.ts'

/** Room for the note; one byte decodes to at most one character, so the text fits the log's cap. */
const CAPTURE_CAP_BYTES = BODY_CAP_CHARS - 64

/** A body already in memory (the request the proxy read, a whole JSON answer). */
export function bodyText(bytes: Uint8Array | string): string {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
  return capturedText(data.subarray(0, CAPTURE_CAP_BYTES), data.byteLength)
}

/** A streamed answer, observed chunk by chunk as it goes to the client: keeps only the first bytes. */
export class BodyCapture {
  private readonly parts: Uint8Array[] = []
  private kept = 0
  private total = 0

  add(chunk: Uint8Array): void {
    this.total += chunk.byteLength
    if (this.kept >= CAPTURE_CAP_BYTES) return
    const part = chunk.subarray(0, CAPTURE_CAP_BYTES - this.kept)
    // Copied: the chunk now belongs to the client's stream.
    this.parts.push(part.slice())
    this.kept += part.byteLength
  }

  text(): string {
    return capturedText(Buffer.concat(this.parts), this.total)
  }
}

function capturedText(kept: Uint8Array, total: number): string {
  const text = new TextDecoder().decode(kept)
  return kept.byteLength < total ? `${text}…[truncated, ${total} bytes in total]` : text
}

/**
 * A whole upstream answer (body, or error body) sent to the client in one piece with its length:
 * the row gets the body when bodies are logged, its first byte, its size and its end.
 */
export function answerBytes(context: PipelineContext, bytes: Uint8Array, status: number, headers: Headers, finish: RowFinish): Response {
  headers.set('content-length', String(bytes.byteLength))
  const { draft } = context
  if (context.logBodies) draft.row.responseBody = bodyText(bytes)
  draft.markFirstByte()
  draft.addBytesOut(bytes.byteLength)
  draft.finish(finish)
  return new Response(bytes as Uint8Array<ArrayBuffer>, { status, headers })
}

