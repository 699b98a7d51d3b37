/**
 * Bedrock request content blocks → canonical parts. Each block is an object with one key. A
 * `cachePoint` marks a cache breakpoint after the block before it, so it becomes that part's
 * cacheControl. Reasoning gets origin 'bedrock' (its signature is Bedrock's), except the bridge's
 * own envelopes, which the reasoning stage opens later.
 * @see ../../../../../shared/protocols/bedrock-converse.md §3.1
 */
import type { ContentPart, DocumentPart, ImagePart, ImageSource, ReasoningPart, TextPart, ToolResultPart, WarningSink } from '../../model/index.ts'
import { isReasoningEnvelope } from '../../reasoning/reasoning-signature.ts'
import { documentMediaType, imageMediaType } from './media-format.ts'
import { fromWireRedactedContent } from './redacted-content.ts'
import { fail, isObject, optionalString, readArray, readObject, readString, unionKey, type JsonObject } from './read-json.ts'

type CacheControl = NonNullable<TextPart['cacheControl']>

export function decodeCachePoint(value: unknown, path: string): CacheControl {
  const point = readObject(value, path)
  const ttl = optionalString(point.ttl, `${path}.ttl`)
  return ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl }
}

function decodeSource(value: unknown, path: string): ImageSource | { kind: 'text'; text: string } {
  const source = readObject(value, path)
  if (typeof source.bytes === 'string') return { kind: 'base64', mediaType: '', data: source.bytes }
  if (isObject(source.s3Location)) return { kind: 'url', url: readString(source.s3Location.uri, `${path}.s3Location.uri`) }
  if (typeof source.text === 'string') return { kind: 'text', text: source.text }
  if (Array.isArray(source.content)) {
    const texts = source.content.map((item, index) => (isObject(item) && typeof item.text === 'string' ? item.text : fail(`${path}.content[${index}]`, 'a text block')))
    return { kind: 'text', text: texts.join('\n') }
  }
  return fail(path, 'bytes, s3Location, text or content')
}

function decodeImage(value: unknown, path: string): ImagePart {
  const image = readObject(value, path)
  const format = readString(image.format, `${path}.format`)
  const source = decodeSource(image.source, `${path}.source`)
  if (source.kind === 'text') return fail(`${path}.source`, 'bytes or s3Location')
  return { type: 'image', source: source.kind === 'base64' ? { ...source, mediaType: imageMediaType(format) } : source }
}

function decodeDocument(value: unknown, path: string): DocumentPart {
  const document = readObject(value, path)
  const format = optionalString(document.format, `${path}.format`)
  const source = decodeSource(document.source, `${path}.source`)
  const part: DocumentPart = { type: 'document', source: source.kind === 'base64' ? { ...source, mediaType: documentMediaType(format) } : source }
  const name = optionalString(document.name, `${path}.name`)
  if (name !== undefined) part.title = name
  return part
}

function decodeToolResult(value: unknown, path: string, warnings: WarningSink): ToolResultPart {
  const result = readObject(value, path)
  const part: ToolResultPart = { type: 'tool-result', toolCallId: readString(result.toolUseId, `${path}.toolUseId`), content: [] }
  readArray(result.content ?? [], `${path}.content`).forEach((item, index) => {
    const itemPath = `${path}.content[${index}]`
    const block = readObject(item, itemPath)
    if (typeof block.text === 'string') part.content.push({ type: 'text', text: block.text })
    else if ('json' in block) part.content.push({ type: 'text', text: JSON.stringify(block.json) })
    else if (block.image !== undefined) part.content.push(decodeImage(block.image, `${itemPath}.image`))
    else if (block.document !== undefined) part.content.push(decodeDocument(block.document, `${itemPath}.document`))
    else warnings.add('dropped-content', `toolResult content ${unionKey(block) ?? '?'} has no canonical form`, itemPath)
  })
  if (result.status === 'error') part.isError = true
  return part
}

function decodeReasoning(value: unknown, path: string): ReasoningPart {
  const reasoning = readObject(value, path)
  if (typeof reasoning.redactedContent === 'string') {
    const data = fromWireRedactedContent(reasoning.redactedContent)
    return isReasoningEnvelope(data) ? { type: 'reasoning', text: '', redactedData: data } : { type: 'reasoning', text: '', redactedData: data, origin: 'bedrock' }
  }
  const text = readObject(reasoning.reasoningText, `${path}.reasoningText`)
  const part: ReasoningPart = { type: 'reasoning', text: readString(text.text, `${path}.reasoningText.text`) }
  const signature = optionalString(text.signature, `${path}.reasoningText.signature`)
  if (signature) part.signature = signature
  if (!signature || !isReasoningEnvelope(signature)) part.origin = 'bedrock'
  return part
}

/** A cachePoint after `previous`: on the part itself, or on the last item of a tool result. */
function attachCachePoint(previous: ContentPart | undefined, cacheControl: CacheControl, path: string, warnings: WarningSink): void {
  const target = previous?.type === 'tool-result' ? previous.content.at(-1) : previous
  if (target?.type === 'text' || target?.type === 'image' || target?.type === 'document') target.cacheControl = cacheControl
  else warnings.add('dropped-field', 'a cachePoint after this kind of block has no canonical form', path)
}

function decodeBlock(block: JsonObject, path: string, warnings: WarningSink): ContentPart | undefined {
  const key = unionKey(block)
  switch (key) {
    case 'text':
      return { type: 'text', text: readString(block.text, `${path}.text`) }
    case 'image':
      return decodeImage(block.image, `${path}.image`)
    case 'document':
      return decodeDocument(block.document, `${path}.document`)
    case 'toolUse': {
      const use = readObject(block.toolUse, `${path}.toolUse`)
      if (use.type === 'server_tool_use') {
        warnings.add('dropped-server-tool-block', 'server tool calls run only at Bedrock', path)
        return undefined
      }
      const input = use.input === undefined || use.input === null ? {} : use.input
      return { type: 'tool-call', id: readString(use.toolUseId, `${path}.toolUse.toolUseId`), name: readString(use.name, `${path}.toolUse.name`), arguments: JSON.stringify(input) }
    }
    case 'toolResult':
      return decodeToolResult(block.toolResult, `${path}.toolResult`, warnings)
    case 'reasoningContent':
      return decodeReasoning(block.reasoningContent, `${path}.reasoningContent`)
    case 'guardContent': {
      // Text the guardrail evaluates; without the guardrail it is ordinary text.
      const guard = readObject(block.guardContent, `${path}.guardContent`)
      const inner = isObject(guard.text) ? guard.text.text : undefined
      warnings.add('approximated-field', 'guardContent became plain text', path)
      return typeof inner === 'string' ? { type: 'text', text: inner } : undefined
    }
    default:
      warnings.add('dropped-content', `${key ?? 'a block without one key'} has no canonical form`, path)
      return undefined
  }
}

export function decodeContent(value: unknown, path: string, warnings: WarningSink): ContentPart[] {
  const parts: ContentPart[] = []
  readArray(value, path).forEach((item, index) => {
    const blockPath = `${path}[${index}]`
    const block = readObject(item, blockPath)
    if (unionKey(block) === 'cachePoint') attachCachePoint(parts.at(-1), decodeCachePoint(block.cachePoint, `${blockPath}.cachePoint`), blockPath, warnings)
    else {
      const part = decodeBlock(block, blockPath, warnings)
      if (part) parts.push(part)
    }
  })
  return parts
}
