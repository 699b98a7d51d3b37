/**
 * finish_reason ⇄ canonical FinishReason.
 * @see ../../../../../shared/protocols/openai-chat.md §7.1
 * @see ../../../../../shared/protocols/mapping.md §4.1
 */
import type { FinishKind, FinishReason } from '../../model/index.ts'

const KNOWN: Record<string, FinishKind> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
}

export type FinishFacts = { hadToolCalls: boolean; hadRefusal: boolean }

/**
 * Some servers say `stop` although they emitted tool calls, and OpenAI reports a refusal with
 * `stop` (fixture openai-refusal.sse), so the content decides before the label does.
 */
export function decodeFinishReason(raw: unknown, facts: FinishFacts): FinishReason {
  const value = typeof raw === 'string' ? raw : undefined
  let kind: FinishKind = value === undefined ? 'stop' : (KNOWN[value] ?? guessKind(value))
  if (facts.hadToolCalls && kind !== 'length') kind = 'tool-calls'
  else if (facts.hadRefusal && kind === 'stop') kind = 'content-filter'
  const reason: FinishReason = { kind, protocol: 'openai' }
  if (value !== undefined) reason.raw = value
  return reason
}

/** Non-standard values (`eos`, `end_turn`, `abort`, DeepSeek `insufficient_system_resource`). */
function guessKind(value: string): FinishKind {
  return /length|max_tokens|truncat/i.test(value) ? 'length' : 'stop'
}

const BY_KIND: Record<FinishKind, string> = {
  stop: 'stop',
  'stop-sequence': 'stop',
  length: 'length',
  'context-window': 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  pause: 'stop',
  error: 'stop',
  other: 'stop',
}

/** A reason that came from an OpenAI-style upstream keeps its standard wire value. */
export function encodeFinishReason(reason: FinishReason): string {
  if (reason.protocol === 'openai' && reason.raw !== undefined && reason.raw in KNOWN && KNOWN[reason.raw] === reason.kind) {
    return reason.raw
  }
  return BY_KIND[reason.kind]
}
