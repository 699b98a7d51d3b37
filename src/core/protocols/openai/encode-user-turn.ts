/**
 * A canonical user turn → OpenAI messages: one `tool` message per tool result first (in the
 * order of the calls they answer), then one `user` message with the rest.
 * OpenAI tool messages carry text only, so images returned by a tool move into that following
 * user message, each introduced by a note naming the call (LESSONS #13).
 * @see ../../../../../shared/protocols/mapping.md §1
 */
import type { ContentPart, DocumentPart, ImagePart, ToolResultPart, WarningSink } from '../../model/index.ts'
import { dropBreakpoint, textContent, textPart } from './cache-breakpoints.ts'
import type { WireMessage, WireTextPart, WireUserPart } from './wire.ts'

/** `keepCache`: the upstream takes cache_control breakpoints on text parts (cache-breakpoints.ts). */
export function encodeUserTurn(content: ContentPart[], callOrder: string[], warnings: WarningSink, keepCache = false): WireMessage[] {
  const results = content.filter((part): part is ToolResultPart => part.type === 'tool-result')
  const rank = (part: ToolResultPart): number => {
    const found = callOrder.indexOf(part.toolCallId)
    return found === -1 ? Number.MAX_SAFE_INTEGER : found
  }
  results.sort((a, b) => rank(a) - rank(b))
  const messages: WireMessage[] = []
  const carried: WireUserPart[] = []
  for (const result of results) {
    const { text, images } = encodeToolResult(result, warnings, keepCache)
    messages.push({ role: 'tool', tool_call_id: result.toolCallId, content: text })
    if (images.length > 0) {
      carried.push({ type: 'text', text: `Image returned by tool call ${result.name ?? result.toolCallId}:` }, ...images)
    }
  }
  const rest = content.filter((part) => part.type !== 'tool-result')
  const parts = [...carried, ...encodeUserParts(rest, warnings, keepCache)]
  if (parts.length > 0) messages.push({ role: 'user', content: flattenIfTextOnly(parts) })
  return messages
}

function encodeToolResult(result: ToolResultPart, warnings: WarningSink, keepCache: boolean): { text: string | WireTextPart[]; images: WireUserPart[] } {
  const texts: WireTextPart[] = []
  const images: WireUserPart[] = []
  for (const part of result.content) {
    if (part.type === 'text') texts.push(textPart(part, keepCache, warnings))
    else if (part.type === 'image') images.push(imagePart(part, warnings))
    else {
      dropBreakpoint(part.cacheControl, warnings)
      texts.push({ type: 'text', text: documentAsText(part, warnings) })
    }
  }
  if (images.length > 0) texts.push({ type: 'text', text: `[${images.length} image(s) follow in the next user message]` })
  // OpenAI has no error flag on tool messages; the prefix is the common convention.
  if (result.isError === true) {
    const first = texts[0]
    if (first === undefined) texts.push({ type: 'text', text: 'Error: ' })
    else first.text = `Error: ${first.text}`
  }
  return { text: textContent(texts, '\n'), images }
}

export function encodeUserParts(parts: ContentPart[], warnings: WarningSink, keepCache = false): WireUserPart[] {
  const wire: WireUserPart[] = []
  for (const part of parts) {
    if (part.type === 'text') wire.push(textPart(part, keepCache, warnings))
    else if (part.type === 'image') wire.push(imagePart(part, warnings))
    else if (part.type === 'document') wire.push(documentPart(part, warnings))
    else warnings.add('dropped-content', `A ${part.type} part cannot appear in an OpenAI user message; it was dropped`, 'messages')
  }
  return wire
}

function imagePart(part: ImagePart, warnings: WarningSink): WireUserPart {
  dropBreakpoint(part.cacheControl, warnings)
  // A URL stays a URL: converting it to a data: URI without fetching would send a broken image.
  const url = part.source.kind === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`
  return { type: 'image_url', image_url: { url } }
}

function documentPart(part: DocumentPart, warnings: WarningSink): WireUserPart {
  dropBreakpoint(part.cacheControl, warnings)
  const source = part.source
  if (source.kind === 'base64') {
    return { type: 'file', file: { filename: part.title ?? 'document.pdf', file_data: `data:${source.mediaType};base64,${source.data}` } }
  }
  return { type: 'text', text: documentAsText(part, warnings) }
}

function documentAsText(part: DocumentPart, warnings: WarningSink): string {
  const title = part.title === undefined ? '' : `${part.title}\n\n`
  if (part.source.kind === 'text') return `${title}${part.source.text}`
  if (part.source.kind === 'url') return `${title}${part.source.url}`
  warnings.add('dropped-content', 'A binary document inside a tool result cannot be sent to an OpenAI tool message; a placeholder was sent', 'tool_result.document')
  return `${title}[binary document omitted]`
}

function flattenIfTextOnly(parts: WireUserPart[]): string | WireUserPart[] {
  if (!parts.every((part) => part.type === 'text')) return parts
  return textContent(parts as WireTextPart[], '\n\n')
}
