/**
 * Anthropic request content blocks → canonical parts.
 * @see ../../../../../shared/protocols/anthropic-messages.md §5.1
 */
import type { ContentPart, DocumentPart, ImagePart, ImageSource, TextPart, ToolResultPart, WarningSink } from '../../model/index.ts'
import { isReasoningEnvelope } from '../../reasoning/reasoning-signature.ts'
import { fail, isObject, optionalBoolean, optionalString, readArray, readObject, readOneOf, readString } from '../read-json.ts'

/** Anthropic-only server-tool blocks in history: other targets cannot take them, so they are dropped with a warning. */
const SERVER_BLOCK_TYPES = new Set([
  'server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result',
  'bash_code_execution_tool_result', 'text_editor_code_execution_tool_result', 'tool_search_tool_result',
  'container_upload', 'search_result', 'mcp_tool_use', 'mcp_tool_result',
])

const BLOCK_TYPES = ['text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'] as const

export function decodeCacheControl(value: unknown, path: string): TextPart['cacheControl'] {
  if (value === undefined || value === null) return undefined
  const object = readObject(value, path)
  const ttl = optionalString(object.ttl, `${path}.ttl`)
  return ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl }
}

export function decodeTextBlock(block: Record<string, unknown>, path: string): TextPart {
  const part: TextPart = { type: 'text', text: readString(block.text, `${path}.text`) }
  const cacheControl = decodeCacheControl(block.cache_control, `${path}.cache_control`)
  if (cacheControl) part.cacheControl = cacheControl
  return part
}

function decodeMediaSource(value: unknown, path: string): ImageSource | { kind: 'text'; text: string } {
  const source = readObject(value, path)
  const type = readOneOf(source.type, ['base64', 'url', 'text', 'content', 'file'], `${path}.type`)
  if (type === 'base64') {
    return { kind: 'base64', mediaType: readString(source.media_type, `${path}.media_type`), data: readString(source.data, `${path}.data`) }
  }
  if (type === 'url') return { kind: 'url', url: readString(source.url, `${path}.url`) }
  if (type === 'text') return { kind: 'text', text: readString(source.data, `${path}.data`) }
  if (type === 'content') return { kind: 'text', text: contentSourceText(source.content, `${path}.content`) }
  // A file_id only resolves inside the Anthropic account that uploaded it.
  return fail(`${path}.type`, 'base64, url or text (file sources are not supported by the bridge)')
}

function contentSourceText(value: unknown, path: string): string {
  if (typeof value === 'string') return value
  return readArray(value, path)
    .map((item, index) => (isObject(item) && typeof item.text === 'string' ? item.text : fail(`${path}[${index}]`, 'a text block')))
    .join('\n')
}

function decodeImage(block: Record<string, unknown>, path: string): ImagePart {
  const source = decodeMediaSource(block.source, `${path}.source`)
  if (source.kind === 'text') return fail(`${path}.source.type`, 'base64 or url')
  const part: ImagePart = { type: 'image', source }
  const cacheControl = decodeCacheControl(block.cache_control, `${path}.cache_control`)
  if (cacheControl) part.cacheControl = cacheControl
  return part
}

function decodeDocument(block: Record<string, unknown>, path: string): DocumentPart {
  const part: DocumentPart = { type: 'document', source: decodeMediaSource(block.source, `${path}.source`) }
  const title = optionalString(block.title, `${path}.title`)
  if (title !== undefined) part.title = title
  const cacheControl = decodeCacheControl(block.cache_control, `${path}.cache_control`)
  if (cacheControl) part.cacheControl = cacheControl
  return part
}

function decodeToolResult(block: Record<string, unknown>, path: string, warnings: WarningSink): ToolResultPart {
  const part: ToolResultPart = {
    type: 'tool-result',
    toolCallId: readString(block.tool_use_id, `${path}.tool_use_id`),
    content: [],
  }
  const content = block.content
  if (typeof content === 'string') part.content.push({ type: 'text', text: content })
  else if (content !== undefined && content !== null) {
    readArray(content, `${path}.content`).forEach((item, index) => {
      const itemPath = `${path}.content[${index}]`
      const inner = readObject(item, itemPath)
      const type = readString(inner.type, `${itemPath}.type`)
      if (type === 'text') part.content.push(decodeTextBlock(inner, itemPath))
      else if (type === 'image') part.content.push(decodeImage(inner, itemPath))
      else if (type === 'document') part.content.push(decodeDocument(inner, itemPath))
      else warnings.add('dropped-content', `tool_result content of type ${type} has no canonical form`, itemPath)
    })
  }
  if (optionalBoolean(block.is_error, `${path}.is_error`) === true) part.isError = true
  return part
}

/** One content block → zero or one canonical part (server-tool blocks are dropped with a warning). */
export function decodeBlock(value: unknown, path: string, warnings: WarningSink): ContentPart | undefined {
  const block = readObject(value, path)
  const type = readString(block.type, `${path}.type`)
  if (SERVER_BLOCK_TYPES.has(type)) {
    warnings.add('dropped-server-tool-block', `${type} blocks are Anthropic server-tool history`, path)
    return undefined
  }
  switch (readOneOf(type, BLOCK_TYPES, `${path}.type`)) {
    case 'text':
      return decodeTextBlock(block, path)
    case 'image':
      return decodeImage(block, path)
    case 'document':
      return decodeDocument(block, path)
    case 'tool_use': {
      const input = block.input === undefined || block.input === null ? {} : block.input
      return { type: 'tool-call', id: readString(block.id, `${path}.id`), name: readString(block.name, `${path}.name`), arguments: JSON.stringify(input) }
    }
    case 'tool_result':
      return decodeToolResult(block, path, warnings)
    case 'thinking': {
      const text = readString(block.thinking, `${path}.thinking`)
      const signature = optionalString(block.signature, `${path}.signature`)
      if (!signature) return { type: 'reasoning', text }
      // Our own envelopes get their origin from openReasoningEnvelopes; anything else was signed by Anthropic.
      return isReasoningEnvelope(signature) ? { type: 'reasoning', text, signature } : { type: 'reasoning', text, signature, origin: 'anthropic' }
    }
    case 'redacted_thinking': {
      const data = readString(block.data, `${path}.data`)
      return isReasoningEnvelope(data)
        ? { type: 'reasoning', text: '', redactedData: data }
        : { type: 'reasoning', text: '', redactedData: data, origin: 'anthropic' }
    }
  }
}

export function decodeContent(value: unknown, path: string, warnings: WarningSink): ContentPart[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }]
  const parts: ContentPart[] = []
  readArray(value, path).forEach((block, index) => {
    const part = decodeBlock(block, `${path}[${index}]`, warnings)
    if (part) parts.push(part)
  })
  return parts
}
