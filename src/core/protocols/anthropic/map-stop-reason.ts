/**
 * Anthropic stop_reason ⇄ canonical FinishReason, exactly (LESSONS #11: truncation must stay visible).
 * @see ../../../../../shared/protocols/mapping.md §4.1
 */
import type { FinishKind, FinishReason } from '../../model/index.ts'
import type { WireStopReason } from './wire.ts'

const KIND_OF: Record<WireStopReason, FinishKind> = {
  end_turn: 'stop',
  stop_sequence: 'stop-sequence',
  max_tokens: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
  pause_turn: 'pause',
  model_context_window_exceeded: 'context-window',
}

const STOP_REASON_OF: Record<FinishKind, WireStopReason> = {
  stop: 'end_turn',
  'stop-sequence': 'stop_sequence',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  'context-window': 'model_context_window_exceeded',
  pause: 'pause_turn',
  // Anthropic has no error stop reason; the client sees a normal end (mapping.md §4.1).
  error: 'end_turn',
  other: 'end_turn',
}

function isWireStopReason(value: string): value is WireStopReason {
  return value in KIND_OF
}

export function decodeStopReason(raw: unknown, stopSequence: unknown): FinishReason {
  const rawText = typeof raw === 'string' ? raw : undefined
  const kind: FinishKind = rawText !== undefined && isWireStopReason(rawText) ? KIND_OF[rawText] : rawText === undefined ? 'stop' : 'other'
  const reason: FinishReason = { kind, protocol: 'anthropic' }
  if (rawText !== undefined) reason.raw = rawText
  if (typeof stopSequence === 'string') reason.stopSequence = stopSequence
  return reason
}

/**
 * `hadToolCalls`: an answer with tool calls must say tool_use, or Claude Code never runs them
 * (Gemini says STOP, some OpenAI-compatible servers say stop).
 */
export function encodeStopReason(
  reason: FinishReason,
  hadToolCalls: boolean,
): { stop_reason: WireStopReason; stop_sequence: string | null } {
  let stopReason: WireStopReason =
    reason.protocol === 'anthropic' && reason.raw !== undefined && isWireStopReason(reason.raw)
      ? reason.raw
      : STOP_REASON_OF[reason.kind]
  if (hadToolCalls && stopReason === 'end_turn') stopReason = 'tool_use'
  const stopSequence = stopReason === 'stop_sequence' ? (reason.stopSequence ?? null) : null
  return { stop_reason: stopReason, stop_sequence: stopSequence }
}
