/**
 * Named provider quirk fixes, applied from data (a preset's `patches: string[]`) instead of
 * `if (provider === …)` inside a codec. A request patch edits the wire body an encoder produced;
 * a stream patch transforms the canonical events a decoder produced.
 */
import type { ChatRequest, ProtocolId, StreamEvent, WarningSink } from '../model/index.ts'

export type BodyPatchContext = { warnings: WarningSink }

export type RequestPatchContext = BodyPatchContext & {
  /** The canonical request the body was encoded from (for values the encoder dropped). */
  request: ChatRequest
}

type RequestPatchFacts = {
  kind: 'request'
  /** The wire format whose bodies it edits: a preset may name it only for a target of that protocol. */
  wire: ProtocolId
  name: string
  description: string
}

/** Edits bodies the bridge encoded (translation). */
export type EncodedRequestPatch = RequestPatchFacts & {
  passthrough?: false
  /** Mutates the wire body in place. */
  apply(body: Record<string, unknown>, context: RequestPatchContext): void
}

/**
 * Also edits a same-protocol client's own body on passthrough: the quirk is the upstream's
 * refusal of something native clients send (Claude Code to an Anthropic-compatible endpoint).
 * It reads only the body, as passthrough has no canonical request.
 */
export type PassthroughRequestPatch = RequestPatchFacts & {
  passthrough: true
  apply(body: Record<string, unknown>, context: BodyPatchContext): void
}

export type RequestPatch = EncodedRequestPatch | PassthroughRequestPatch

export type StreamPatch = {
  kind: 'stream'
  /** Canonical events are the same whatever the wire: 'any' target protocol. */
  wire: ProtocolId | 'any'
  name: string
  description: string
  /** Transforms the decoded batches (one array of events per upstream chunk; never yields an empty one). */
  apply(batches: AsyncIterable<readonly StreamEvent[]>): AsyncIterable<StreamEvent[]>
}

export type Patch = RequestPatch | StreamPatch

/** Assistant messages of an OpenAI Chat body, for patches that edit the history. */
export function assistantMessages(body: Record<string, unknown>): Array<Record<string, unknown>> {
  const messages = Array.isArray(body.messages) ? body.messages : []
  return messages.filter((message): message is Record<string, unknown> =>
    typeof message === 'object' && message !== null && (message as Record<string, unknown>).role === 'assistant')
}
