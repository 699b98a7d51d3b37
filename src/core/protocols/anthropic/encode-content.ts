/**
 * Canonical parts → Anthropic request blocks.
 * @see ../../../../../shared/protocols/mapping.md §2, §7
 */
import { parseToolInput } from './parse-tool-input.ts'
import { thinkingFromReasoningDetails } from './thinking-from-reasoning-details.ts'
import type { ContentPart, DocumentPart, ImagePart, ReasoningPart, TextPart, ToolResultPart, WarningSink } from '../../model/index.ts'
import type {
  WireCacheControl, WireDocumentBlock, WireImageBlock, WireRequestBlock, WireTextBlock, WireToolResultBlock,
} from './wire.ts'

/** Anthropic tool ids must match ^[a-zA-Z0-9_-]+$; the same function maps tool_use and tool_result ids. */
export function sanitizeToolId(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '_')
  return clean === '' ? 'toolu_missing' : clean
}

function withCache<T extends object>(block: T, cacheControl: TextPart['cacheControl']): T & { cache_control?: WireCacheControl } {
  return cacheControl ? { ...block, cache_control: cacheControl } : block
}

export function encodeText(part: TextPart): WireTextBlock {
  return withCache({ type: 'text' as const, text: part.text }, part.cacheControl)
}

export function encodeImage(part: ImagePart): WireImageBlock {
  const source = part.source.kind === 'base64'
    ? { type: 'base64' as const, media_type: part.source.mediaType, data: part.source.data }
    : { type: 'url' as const, url: part.source.url }
  return withCache({ type: 'image' as const, source }, part.cacheControl)
}

export function encodeDocument(part: DocumentPart): WireDocumentBlock {
  const { source } = part
  const wireSource = source.kind === 'base64'
    ? { type: 'base64' as const, media_type: source.mediaType, data: source.data }
    : source.kind === 'url'
      ? { type: 'url' as const, url: source.url }
      : { type: 'text' as const, media_type: 'text/plain' as const, data: source.text }
  const block: WireDocumentBlock = { type: 'document', source: wireSource }
  if (part.title !== undefined) block.title = part.title
  return withCache(block, part.cacheControl)
}

function encodeToolResult(part: ToolResultPart): WireToolResultBlock {
  const content = part.content
    .filter((inner) => inner.type !== 'text' || inner.text !== '')
    .map((inner) => (inner.type === 'text' ? encodeText(inner) : inner.type === 'image' ? encodeImage(inner) : encodeDocument(inner)))
  const block: WireToolResultBlock = { type: 'tool_result', tool_use_id: sanitizeToolId(part.toolCallId), content }
  if (part.isError) block.is_error = true
  return block
}

/**
 * Reasoning opaque data is only valid at its origin: a thinking block goes to Anthropic only
 * with an Anthropic signature (never one of our envelopes, never another vendor's), either on
 * the part itself or inside OpenRouter-style reasoning_details an OpenAI client sent back.
 */
function encodeReasoning(part: ReasoningPart, field: string, warnings: WarningSink): WireRequestBlock[] {
  if (part.origin === 'anthropic' && part.redactedData !== undefined) return [{ type: 'redacted_thinking', data: part.redactedData }]
  if (part.origin === 'anthropic' && part.signature && part.text !== '') {
    return [{ type: 'thinking', thinking: part.text, signature: part.signature }]
  }
  const fromDetails = part.origin === 'anthropic' ? [] : thinkingFromReasoningDetails(part.signature)
  if (fromDetails.length > 0) return fromDetails
  warnings.add('dropped-reasoning', 'reasoning without an Anthropic signature cannot be replayed to Anthropic', field)
  return []
}

/** One canonical part → zero or more Anthropic blocks. */
export function encodePart(part: ContentPart, field: string, warnings: WarningSink): WireRequestBlock[] {
  switch (part.type) {
    case 'text':
      return part.text === '' ? [] : [encodeText(part)]
    case 'image':
      return [encodeImage(part)]
    case 'document':
      return [encodeDocument(part)]
    case 'tool-call':
      return [{ type: 'tool_use', id: sanitizeToolId(part.id), name: part.name, input: parseToolInput(part.arguments, field, warnings) }]
    case 'tool-result':
      return [encodeToolResult(part)]
    case 'reasoning':
      return encodeReasoning(part, field, warnings)
  }
}
