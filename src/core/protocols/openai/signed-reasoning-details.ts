/**
 * Thinking that Anthropic signed, handed to an OpenAI-protocol client as OpenRouter-style
 * `reasoning_details`, the one de-facto slot for reasoning signatures in Chat Completions. A
 * proxy-aware client echoes the array on the assistant message of its next request, and the
 * Anthropic encoder turns it back into the signed thinking block a thinking-enabled tool loop
 * needs (mapping.md §7.1, option 2). Clients that do not know the field ignore it.
 * Only raw signatures are Anthropic's here: every other origin reaches an OpenAI client sealed in
 * the bridge's envelope (core/reasoning), sent in a detail of the bridge's own format, which the
 * decoder hands back to the envelope opener (a Gemini thought signature survives a Chat client).
 * @see ../../../../../shared/protocols/openai-chat.md §4.1
 */
import type { ReasoningPart } from '../../model/index.ts'
import { isReasoningEnvelope } from '../../reasoning/reasoning-signature.ts'

/** OpenRouter's name for the format of Claude's reasoning details. */
export const ANTHROPIC_DETAILS_FORMAT = 'anthropic-claude-v1'

/** The format of details holding the bridge's envelope instead of a provider's token. */
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

/**
 * The reasoning parts a client's echoed details hold in the bridge's envelopes, one per detail,
 * each with the text the envelope was sealed for; [] when there are none.
 */
export function envelopeReasoningParts(details: unknown): ReasoningPart[] {
  if (!Array.isArray(details)) return []
  return details.flatMap((detail): ReasoningPart[] => {
    if (typeof detail !== 'object' || detail === null) return []
    const { text, signature, data } = detail as Record<string, unknown>
    if (typeof signature === 'string' && isReasoningEnvelope(signature)) return [{ type: 'reasoning', text: typeof text === 'string' ? text : '', signature }]
    if (typeof data === 'string' && isReasoningEnvelope(data)) return [{ type: 'reasoning', text: '', redactedData: data }]
    return []
  })
}
