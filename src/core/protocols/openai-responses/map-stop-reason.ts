/**
 * Responses has no finish_reason: a response's `status` and `incomplete_details.reason`, plus the
 * items it produced, say why it ended.
 * @see ../../../../../shared/protocols/openai-responses.md §7
 * @see ../../../../../shared/protocols/mapping.md §4.1, §8.3
 */
import type { FinishKind, FinishReason } from '../../model/index.ts'
import type { WireResponseStatus } from './wire.ts'

export type OutputFacts = { hadToolCalls: boolean; hadRefusal: boolean }

const INCOMPLETE: Record<string, FinishKind> = { max_output_tokens: 'length', content_filter: 'content-filter' }

/** `raw` is the incomplete reason when there is one, else the status. */
export function decodeFinishReason(status: string | undefined, incompleteReason: string | undefined, facts: OutputFacts): FinishReason {
  if (status === 'incomplete') {
    const raw = incompleteReason ?? 'incomplete'
    return { kind: INCOMPLETE[raw] ?? 'other', raw, protocol: 'openai-responses' }
  }
  const raw = status ?? 'completed'
  const kind: FinishKind = facts.hadToolCalls ? 'tool-calls' : facts.hadRefusal ? 'content-filter' : 'stop'
  return { kind, raw, protocol: 'openai-responses' }
}

export type WireEnding = { status: Extract<WireResponseStatus, 'completed' | 'incomplete'>; incompleteReason?: string }

export function encodeFinishReason(reason: FinishReason): WireEnding {
  // A refusal from a Responses upstream was a completed response; keep it so.
  if (reason.protocol === 'openai-responses' && reason.raw === 'completed') return { status: 'completed' }
  switch (reason.kind) {
    case 'length':
    case 'context-window':
      return { status: 'incomplete', incompleteReason: 'max_output_tokens' }
    case 'content-filter':
      return { status: 'incomplete', incompleteReason: 'content_filter' }
    default:
      return { status: 'completed' }
  }
}
