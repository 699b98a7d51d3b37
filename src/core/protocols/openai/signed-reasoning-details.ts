/**
 * Thinking that Anthropic signed, handed to an OpenAI-protocol client as OpenRouter-style
 * `reasoning_details`, the one de-facto slot for reasoning signatures in Chat Completions. A
 * proxy-aware client echoes the array on the assistant message of its next request, and the
 * Anthropic encoder turns it back into the signed thinking block a thinking-enabled tool loop
 * needs (mapping.md §7.1, option 2). Clients that do not know the field ignore it.
 * Only raw signatures are Anthropic's here: every other origin reaches an OpenAI client sealed in
 * the bridge's envelope (core/reasoning), which this leaves out.
 * @see ../../../../../shared/protocols/openai-chat.md §4.1
 */
import { isReasoningEnvelope } from '../../reasoning/reasoning-signature.ts'

/** OpenRouter's name for the format of Claude's reasoning details. */
export const ANTHROPIC_DETAILS_FORMAT = 'anthropic-claude-v1'

export type SignedReasoningDetail =
  | { type: 'reasoning.text'; text: string; signature: string; format: string; index: number }
  | { type: 'reasoning.encrypted'; data: string; format: string; index: number }

export function signedTextDetail(text: string, signature: string, index: number): SignedReasoningDetail | undefined {
  if (signature === '' || isReasoningEnvelope(signature)) return undefined
  return { type: 'reasoning.text', text, signature, format: ANTHROPIC_DETAILS_FORMAT, index }
}

export function encryptedDetail(data: string, index: number): SignedReasoningDetail | undefined {
  if (data === '' || isReasoningEnvelope(data)) return undefined
  return { type: 'reasoning.encrypted', data, format: ANTHROPIC_DETAILS_FORMAT, index }
}
