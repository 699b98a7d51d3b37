/**
 * Canonical parts → Bedrock content blocks. A cacheControl becomes a cachePoint block right
 * after its block. Reasoning goes back only when Bedrock minted it (origin 'bedrock'): a
 * signature from another provider would be rejected, and Bedrock's own must come back unchanged.
 * @see ../../../../../shared/protocols/bedrock-converse.md §3.1
 * @see ../../../../../shared/protocols/mapping.md §11
 */
import { isObject } from '../../json-object.ts'
import type { ContentPart, DocumentPart, ImagePart, ReasoningPart, TextPart, ToolResultPart, WarningSink } from '../../model/index.ts'
import { documentFormat, documentName, imageFormat } from './media-format.ts'
import type { WireCachePoint, WireContentBlock, WireDocument, WireImage, WireMediaSource, WireToolResultItem } from './wire.ts'

/** Bedrock tool ids: letters, digits, `_` and `-`, at most 64; one function for toolUse and toolResult. */
export function sanitizeToolId(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64)
  return clean === '' ? 'tooluse_missing' : clean
}

export function cachePointOf(cacheControl: TextPart['cacheControl']): WireCachePoint[] {
  if (!cacheControl) return []
  return [{ cachePoint: cacheControl.ttl === undefined ? { type: 'default' } : { type: 'default', ttl: cacheControl.ttl } }]
}

/** data: URLs carry their bytes; s3:// URIs are Bedrock's own; other URLs cannot be fetched here. */
function sourceOf(source: ImagePart['source']): { source: WireMediaSource; mediaType: string } | undefined {
  if (source.kind === 'base64') return { source: { bytes: source.data }, mediaType: source.mediaType }
  if (source.url.startsWith('s3://')) return { source: { s3Location: { uri: source.url } }, mediaType: '' }
  const data = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(source.url)
  return data ? { source: { bytes: data[2]! }, mediaType: data[1]! } : undefined
}

function encodeImage(part: ImagePart, field: string, warnings: WarningSink): WireImage | { text: string } {
  const resolved = sourceOf(part.source)
  const format = resolved?.mediaType === '' ? s3Format(part.source) : imageFormat(resolved?.mediaType ?? '')
  if (resolved && format) return { image: { format, source: resolved.source } }
  const reason = resolved ? `image type ${resolved.mediaType} is not one of png, jpeg, gif, webp` : 'Bedrock takes image bytes, not URLs'
  warnings.add('dropped-image', `${reason}; sent a text placeholder`, field)
  return { text: part.source.kind === 'url' ? `[image: ${part.source.url}]` : '[image omitted]' }
}

function s3Format(source: ImagePart['source']): string | undefined {
  return source.kind === 'url' ? imageFormat(source.url.split('.').pop() ?? '') : undefined
}

function encodeDocument(part: DocumentPart, field: string, warnings: WarningSink): WireDocument | { text: string } {
  const name = documentName(part.title, 'document')
  if (part.source.kind === 'text') return { document: { format: 'txt', name, source: { text: part.source.text } } }
  const resolved = sourceOf(part.source)
  const format = resolved?.mediaType === '' ? (part.source.kind === 'url' ? part.source.url.split('.').pop() : undefined) : documentFormat(resolved?.mediaType ?? '')
  if (resolved && format) return { document: { format, name, source: resolved.source } }
  warnings.add('dropped-document', 'Bedrock takes document bytes of a known format, not URLs; sent a text placeholder', field)
  return { text: part.source.kind === 'url' ? `[document: ${part.source.url}]` : `[document omitted: ${name}]` }
}

function encodeToolResult(part: ToolResultPart, field: string, warnings: WarningSink): WireContentBlock {
  const content: WireToolResultItem[] = []
  for (const inner of part.content) {
    if (inner.type === 'text') {
      if (inner.text.trim() !== '') content.push({ text: inner.text })
    } else if (inner.type === 'image') content.push(encodeImage(inner, field, warnings))
    else content.push(encodeDocument(inner, field, warnings))
  }
  // Converse rejects an empty result and blank text ("text content blocks must be non-empty").
  if (content.length === 0) {
    warnings.add('filled-empty-tool-result', 'an empty tool result was sent as "(empty)"', field)
    content.push({ text: '(empty)' })
  }
  const block: { toolUseId: string; content: WireToolResultItem[]; status?: 'error' } = { toolUseId: sanitizeToolId(part.toolCallId), content }
  if (part.isError) block.status = 'error'
  return { toolResult: block }
}

function encodeReasoning(part: ReasoningPart, field: string, warnings: WarningSink): WireContentBlock[] {
  if (part.origin === 'bedrock' && part.redactedData !== undefined) return [{ reasoningContent: { redactedContent: part.redactedData } }]
  if (part.origin === 'bedrock' && part.text !== '') {
    const reasoningText = part.signature ? { text: part.text, signature: part.signature } : { text: part.text }
    return [{ reasoningContent: { reasoningText } }]
  }
  if (part.text !== '' || part.redactedData !== undefined || part.signature) {
    warnings.add('dropped-reasoning', 'reasoning from another provider cannot be replayed to Bedrock', field)
  }
  return []
}

/** Tool input must be a JSON object; canonical arguments are text that may be empty or broken. */
export function parseToolInput(text: string, field: string, warnings: WarningSink): Record<string, unknown> {
  if (text.trim() === '') return {}
  try {
    const value: unknown = JSON.parse(text)
    if (isObject(value)) return value
  } catch {
    // reported below
  }
  warnings.add('invalid-tool-arguments', 'tool call arguments are not a JSON object; sent as {}', field)
  return {}
}

/** One canonical part → zero or more Bedrock blocks (cache points included). */
export function encodePart(part: ContentPart, field: string, warnings: WarningSink): WireContentBlock[] {
  switch (part.type) {
    case 'text':
      // Bedrock rejects blank text blocks ("The text field … is blank").
      return part.text.trim() === '' ? [] : [{ text: part.text }, ...cachePointOf(part.cacheControl)]
    case 'image':
      return [encodeImage(part, field, warnings), ...cachePointOf(part.cacheControl)]
    case 'document':
      return [encodeDocument(part, field, warnings), ...cachePointOf(part.cacheControl)]
    case 'tool-call':
      return [{ toolUse: { toolUseId: sanitizeToolId(part.id), name: part.name, input: parseToolInput(part.arguments, field, warnings) } }]
    case 'tool-result':
      // A cache point on the result's last item marks the end of the whole result block.
      return [encodeToolResult(part, field, warnings), ...cachePointOf(part.content.at(-1)?.cacheControl)]
    case 'reasoning':
      return encodeReasoning(part, field, warnings)
  }
}
