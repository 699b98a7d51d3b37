/**
 * Bedrock stopReason ⇄ canonical FinishReason. guardrail_intervened and content_filtered are both
 * content filters; the raw value rides along so a Bedrock client gets the exact one back.
 * @see ../../../../../shared/protocols/mapping.md §4.1
 */
import type { FinishKind, FinishReason } from '../../model/index.ts'
import type { WireStopReason } from './wire.ts'

const KIND_OF: Record<WireStopReason, FinishKind> = {
  end_turn: 'stop',
  stop_sequence: 'stop-sequence',
  max_tokens: 'length',
  tool_use: 'tool-calls',
  guardrail_intervened: 'content-filter',
  content_filtered: 'content-filter',
  model_context_window_exceeded: 'context-window',
  malformed_model_output: 'error',
  malformed_tool_use: 'error',
}

const STOP_REASON_OF: Record<FinishKind, WireStopReason> = {
  stop: 'end_turn',
  'stop-sequence': 'stop_sequence',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'content_filtered',
  'context-window': 'model_context_window_exceeded',
  // Bedrock has no pause: the client sees a normal end of turn.
  pause: 'end_turn',
  error: 'malformed_model_output',
  other: 'end_turn',
}

function isWireStopReason(value: string): value is WireStopReason {
  return value in KIND_OF
}

export function decodeStopReason(raw: unknown): FinishReason {
  if (typeof raw !== 'string') return { kind: 'stop', protocol: 'bedrock' }
  return { kind: isWireStopReason(raw) ? KIND_OF[raw] : 'other', raw, protocol: 'bedrock' }
}

/** `hadToolCalls`: an answer with tool calls must say tool_use, or SDK agents never run them. */
export function encodeStopReason(reason: FinishReason, hadToolCalls: boolean): WireStopReason {
  const own = reason.protocol === 'bedrock' && reason.raw !== undefined && isWireStopReason(reason.raw) ? reason.raw : undefined
  const stopReason = own ?? STOP_REASON_OF[reason.kind]
  return hadToolCalls && stopReason === 'end_turn' ? 'tool_use' : stopReason
}
