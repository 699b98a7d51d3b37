/**
 * Thinking that Anthropic signed, handed to an OpenAI-protocol client as OpenRouter-style
 * `reasoning_details`, the one de-facto slot for reasoning signatures in Chat Completions. A
 * proxy-aware client echoes the array on the assistant message of its next request, and the
 * Anthropic encoder turns it back into the signed thinking block a thinking-enabled tool loop
 * needs (mapping.md §7.1, option 2). Clients that do not know the field ignore it.
 * Only raw signatures are Anthropic's here: every other origin reaches an OpenAI client sealed in
 * the bridge's envelope (core/reasoning), carried the same way under the bridge's own format name,
 * so the client's echo brings it back to the envelope stage (decode-assistant-message.ts).
 * @see ../../../../../shared/protocols/openai-chat.md §4.1
 */
import { isReasoningEnvelope } from '../../reasoning/reasoning-signature.ts'
import { isObject } from './narrow.ts'

/** OpenRouter's name for the format of Claude's reasoning details. */
export const ANTHROPIC_DETAILS_FORMAT = 'anthropic-claude-v1'
/** The format name of a detail holding the bridge's sealed envelope (another upstream's token). */
export const BRIDGE_DETAILS_FORMAT = 'llm-bridge-v1'

export type SignedReasoningDetail =
  | { type: 'reasoning.text'; text: string; signature: string; format: string; index: number }
  | { type: 'reasoning.encrypted'; data: string; format: string; index: number }

export function signedTextDetail(text: string, signature: string, index: number): SignedReasoningDetail | undefined {
  if (signature === '') return undefined
  return { type: 'reasoning.text', text, signature, format: isReasoningEnvelope(signature) ? BRIDGE_DETAILS_FORMAT : ANTHROPIC_DETAILS_FORMAT, index }
}

export function encryptedDetail(data: string, index: number): SignedReasoningDetail | undefined {
  if (data === '') return undefined
  return { type: 'reasoning.encrypted', data, format: isReasoningEnvelope(data) ? BRIDGE_DETAILS_FORMAT : ANTHROPIC_DETAILS_FORMAT, index }
}

/** The bridge's envelope in an echoed reasoning_details array, as the part field it came from. */
export function bridgeEnvelopeOf(details: unknown): { signature: string } | { redactedData: string } | undefined {
  if (!Array.isArray(details)) return undefined
  for (const detail of details as unknown[]) {
    if (!isObject(detail) || detail.format !== BRIDGE_DETAILS_FORMAT) continue
    if (detail.type === 'reasoning.text' && typeof detail.signature === 'string' && isReasoningEnvelope(detail.signature)) return { signature: detail.signature }
    if (detail.type === 'reasoning.encrypted' && typeof detail.data === 'string' && isReasoningEnvelope(detail.data)) return { redactedData: detail.data }
  }
  return undefined
}
