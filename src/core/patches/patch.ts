/**
 * Named provider quirk fixes, applied from data (a preset's `patches: string[]`) instead of
 * `if (provider === …)` inside a codec. A request patch edits the wire body an encoder produced;
 * a stream patch transforms the canonical events a decoder produced.
 */
import type { ChatRequest, StreamEvent, WarningSink } from '../model/index.ts'

export type RequestPatchContext = {
  /** The canonical request the body was encoded from (for values the encoder dropped). */
  request: ChatRequest
  warnings: WarningSink
}

export type RequestPatch = {
  kind: 'request'
  name: string
  description: string
  /** Mutates the wire body in place. */
  apply(body: Record<string, unknown>, context: RequestPatchContext): void
}

export type StreamPatch = {
  kind: 'stream'
  name: string
  description: string
  apply(events: AsyncIterable<StreamEvent>): AsyncIterable<StreamEvent>
}

export type Patch = RequestPatch | StreamPatch

/** Assistant messages of an OpenAI Chat body, for patches that edit the history. */
export function assistantMessages(body: Record<string, unknown>): Array<Record<string, unknown>> {
  const messages = Array.isArray(body.messages) ? body.messages : []
  return messages.filter((message): message is Record<string, unknown> =>
    typeof message === 'object' && message !== null && (message as Record<string, unknown>).role === 'assistant')
}
