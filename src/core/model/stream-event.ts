/**
 * The canonical stream: what every decode-stream yields and every encode-stream consumes.
 *
 * Invariants (checked by core/model/check-stream.ts in tests):
 * - exactly one `response-start`, first;
 * - exactly one terminal event, last: `response-end` or `error`;
 * - each block `index` is opened once (`*-start`), receives deltas only while open, and is
 *   closed once (`*-end`) before the terminal `response-end`; decoders synthesise the `*-end`
 *   events a wire format lacks (OpenAI Chat has none);
 * - indices are assigned by the decoder in order of first appearance, from 0, across all kinds;
 *   several blocks may be open at once (parallel tool calls), so encoders for one-open-block
 *   protocols (Anthropic) close or buffer as needed;
 * - `usage` may come any number of times; later values override earlier ones field by field.
 */
import type { BridgeError } from '../errors.ts'
import type { FinishReason } from './finish-reason.ts'
import type { Usage } from './usage.ts'

export type StreamEvent =
  /** `usage`: what the upstream reported before any content (Anthropic/Gemini input tokens), so an
   *  encoder can put it in its first frame without holding that frame back. */
  | { type: 'response-start'; id: string; model: string; created?: number; usage?: Partial<Usage> }
  | { type: 'text-start'; index: number }
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'text-end'; index: number }
  | { type: 'reasoning-start'; index: number; redactedData?: string }
  | { type: 'reasoning-delta'; index: number; text: string }
  | { type: 'reasoning-signature'; index: number; signature: string }
  | { type: 'reasoning-end'; index: number }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number; signature?: string }
  | { type: 'usage'; usage: Partial<Usage> }
  | { type: 'error'; error: BridgeError }
  | { type: 'response-end'; finishReason: FinishReason }

export type StreamEventType = StreamEvent['type']

/** A handler table typed over every event type: adding an event fails to compile where unhandled. */
export type StreamEventHandlers<State, Out> = {
  [K in StreamEventType]: (event: Extract<StreamEvent, { type: K }>, state: State) => Out
}
