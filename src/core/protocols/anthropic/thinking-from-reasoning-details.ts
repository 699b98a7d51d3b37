/**
 * An OpenAI-protocol client talking to Claude has no slot for thinking signatures, yet Anthropic
 * rejects a thinking-enabled tool loop whose last assistant tool-use turn lacks its signed
 * thinking block (mapping.md §7.1). Proxy-aware clients can carry the signature in OpenRouter's
 * `reasoning_details` on the assistant message — the bridge sends it that way (openai
 * encode-stream / encode-response) — and the OpenAI decoder keeps the array, as JSON text, in
 * the reasoning part's signature. This turns the Anthropic entries of such an array back into
 * the blocks Anthropic signed: `reasoning.text` with a signature → thinking, `reasoning.encrypted`
 * → redacted_thinking. Entries another vendor signed (format `openai-responses-v1`,
 * `google-gemini-v1`, …) are not Anthropic's and are left out; entries without a format are
 * taken as Anthropic's, since only an Anthropic target reads them here.
 * @see ../../../../../shared/protocols/openai-chat.md §4.1
 */
import type { WireRedactedThinkingBlock, WireThinkingBlock } from './wire.ts'

type Detail = Record<string, unknown>

function isAnthropicFormat(detail: Detail): boolean {
  return detail.format === undefined || detail.format === null || (typeof detail.format === 'string' && detail.format.startsWith('anthropic'))
}

function parseDetails(signature: string | undefined): Detail[] {
  if (signature === undefined || !signature.startsWith('[')) return []
  try {
    const parsed: unknown = JSON.parse(signature)
    if (!Array.isArray(parsed)) return []
    return parsed.filter((item): item is Detail => typeof item === 'object' && item !== null && !Array.isArray(item))
  } catch {
    return []
  }
}

/** Thinking blocks signed by Anthropic inside a reasoning_details signature, in index order; [] when none. */
export function thinkingFromReasoningDetails(signature: string | undefined): Array<WireThinkingBlock | WireRedactedThinkingBlock> {
  const details = parseDetails(signature).filter(isAnthropicFormat)
  const order = (detail: Detail): number => (typeof detail.index === 'number' ? detail.index : 0)
  const blocks: Array<WireThinkingBlock | WireRedactedThinkingBlock> = []
  for (const detail of [...details].sort((a, b) => order(a) - order(b))) {
    const { type, text, signature: signed, data } = detail
    if (type === 'reasoning.text' && typeof text === 'string' && text !== '' && typeof signed === 'string' && signed !== '') {
      blocks.push({ type: 'thinking', thinking: text, signature: signed })
    } else if (type === 'reasoning.encrypted' && typeof data === 'string' && data !== '') {
      blocks.push({ type: 'redacted_thinking', data })
    }
  }
  return blocks
}
