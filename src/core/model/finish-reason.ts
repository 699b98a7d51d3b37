/**
 * Why generation ended. `kind` is the cross-protocol meaning; `raw` and `protocol` keep the wire
 * value so a same-protocol encoder can re-emit it unchanged.
 * @see ../../../../shared/protocols/mapping.md §4.1
 */
import type { ProtocolId } from './protocol-id.ts'

export type FinishKind =
  | 'stop' // natural end of turn
  | 'stop-sequence'
  | 'length' // max output tokens
  | 'tool-calls'
  | 'content-filter' // refusal, safety, guardrail
  | 'context-window' // model context window exceeded mid-generation
  | 'pause' // Anthropic pause_turn
  | 'error' // malformed output, etc.
  | 'other'

export type FinishReason = {
  kind: FinishKind
  /** The matched stop sequence, when the upstream says which one. */
  stopSequence?: string
  raw?: string
  protocol?: ProtocolId
}
