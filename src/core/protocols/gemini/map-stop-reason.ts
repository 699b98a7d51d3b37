/**
 * finishReason ⇄ canonical FinishReason. Gemini has no "tool" reason: a turn that ends in function
 * calls says STOP, so the parts decide before the label does (mapping.md §4.1).
 * @see ../../../../../shared/protocols/gemini.md §7.1
 * @see ../../../../../shared/protocols/mapping.md §4.1
 */
import type { FinishKind, FinishReason } from '../../model/index.ts'

const KNOWN: Record<string, FinishKind> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content-filter',
  RECITATION: 'content-filter',
  BLOCKLIST: 'content-filter',
  PROHIBITED_CONTENT: 'content-filter',
  SPII: 'content-filter',
  IMAGE_SAFETY: 'content-filter',
  IMAGE_PROHIBITED_CONTENT: 'content-filter',
  IMAGE_RECITATION: 'content-filter',
  LANGUAGE: 'other',
  MALFORMED_FUNCTION_CALL: 'error',
  UNEXPECTED_TOOL_CALL: 'error',
  TOO_MANY_TOOL_CALLS: 'error',
  NO_IMAGE: 'other',
  IMAGE_OTHER: 'other',
  CONTINUATION: 'other',
  OTHER: 'other',
  FINISH_REASON_UNSPECIFIED: 'other',
}

/** `promptFeedback.blockReason` values: the prompt itself was refused. */
const BLOCK_REASONS = new Set(['SAFETY', 'OTHER', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'IMAGE_SAFETY'])

export function decodeFinishReason(raw: string | undefined, hadToolCalls: boolean): FinishReason {
  let kind: FinishKind = raw === undefined ? 'stop' : (KNOWN[raw] ?? 'other')
  if (hadToolCalls && kind === 'stop') kind = 'tool-calls'
  const reason: FinishReason = { kind, protocol: 'gemini' }
  if (raw !== undefined) reason.raw = raw
  return reason
}

/** A prompt blocked before any candidate: a refusal, whatever the block reason. */
export function decodeBlockReason(raw: string): FinishReason {
  return { kind: 'content-filter', raw: BLOCK_REASONS.has(raw) ? raw : 'OTHER', protocol: 'gemini' }
}

const BY_KIND: Record<FinishKind, string> = {
  stop: 'STOP',
  'stop-sequence': 'STOP',
  'tool-calls': 'STOP',
  pause: 'STOP',
  length: 'MAX_TOKENS',
  'context-window': 'MAX_TOKENS',
  'content-filter': 'SAFETY',
  error: 'OTHER',
  other: 'OTHER',
}

/** A reason that came from Gemini keeps its exact value (RECITATION stays RECITATION). */
export function encodeFinishReason(reason: FinishReason): string {
  if (reason.protocol === 'gemini' && reason.raw !== undefined && reason.raw in KNOWN) {
    const kind = KNOWN[reason.raw]
    if (kind === reason.kind || (reason.raw === 'STOP' && reason.kind === 'tool-calls')) return reason.raw
  }
  return BY_KIND[reason.kind]
}
