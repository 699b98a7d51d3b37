/**
 * Canonical turns → Responses input items, for a Responses upstream.
 * - user text/images/documents → one user message item; tool results → function_call_output
 *   (custom_tool_call_output for a custom tool) items first, in order;
 * - an assistant turn → its items in order: reasoning, message, function_call / custom_tool_call.
 *   Ids are never sent, so no item needs its stored twin (store is false; pairing rule §3.4);
 * - a reasoning part goes back only with its own `encrypted_content` (origin 'openai-responses');
 *   reasoning from other upstreams has no token OpenAI accepts and is dropped.
 * @see ../../../../../shared/protocols/openai-responses.md §3
 * @see ../../../../../shared/protocols/mapping.md §8.1
 */
import type { ChatMessage, ContentPart, DocumentPart, ImagePart, TextPart, ToolResultPart, WarningSink } from '../../model/index.ts'
import { inputOfArguments } from './custom-tool-input.ts'
import { reasoningToken } from './encode-output.ts'
import type { ToolOrigins } from './tool-origins.ts'
import type { WireInputContent, WireInputItem } from './wire.ts'

export function encodeInput(messages: readonly ChatMessage[], origins: ToolOrigins, warnings: WarningSink): WireInputItem[] {
  const items: WireInputItem[] = []
  const customCalls = new Set<string>()
  for (const message of messages) {
    if (message.role === 'user') encodeUserTurn(message.content, items, customCalls, warnings)
    else encodeAssistantTurn(message.content, items, origins, customCalls, warnings)
  }
  return items
}

function encodeUserTurn(parts: readonly ContentPart[], items: WireInputItem[], customCalls: Set<string>, warnings: WarningSink): void {
  const content: WireInputContent[] = []
  for (const part of parts) {
    if (part.type === 'tool-result') items.push(toolOutput(part, customCalls, warnings))
    else if (part.type === 'text' || part.type === 'image' || part.type === 'document') {
      const encoded = encodeContentPart(part, warnings)
      if (encoded !== undefined) content.push(encoded)
    }
  }
  if (content.length > 0) items.push({ type: 'message', role: 'user', content })
}

function toolOutput(part: ToolResultPart, customCalls: Set<string>, warnings: WarningSink): WireInputItem {
  const type = customCalls.has(part.toolCallId) ? 'custom_tool_call_output' : 'function_call_output'
  const content = part.content.flatMap((entry) => encodeContentPart(entry, warnings) ?? [])
  const onlyText = content.every((entry) => entry.type === 'input_text')
  let output: string | WireInputContent[] = onlyText ? content.map((entry) => (entry.type === 'input_text' ? entry.text : '')).join('\n') : content
  // Responses has no error flag; the convention is to say so in the output (mapping.md §1).
  if (part.isError === true) output = typeof output === 'string' ? `Error: ${output}` : [{ type: 'input_text', text: 'Error:' }, ...output]
  return { type, call_id: part.toolCallId, output }
}

export function encodeContentPart(part: TextPart | ImagePart | DocumentPart, warnings: WarningSink): WireInputContent | undefined {
  if (part.cacheControl !== undefined) warnings.add('dropped-field', 'cache_control is not part of the Responses API; it was removed', 'cache_control')
  if (part.type === 'text') return part.text === '' ? undefined : { type: 'input_text', text: part.text }
  if (part.type === 'image') {
    const url = part.source.kind === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`
    return { type: 'input_image', image_url: url, detail: 'auto' }
  }
  const source = part.source
  if (source.kind === 'text') return { type: 'input_text', text: part.title === undefined ? source.text : `${part.title}\n\n${source.text}` }
  const file: WireInputContent = source.kind === 'url'
    ? { type: 'input_file', file_url: source.url }
    : { type: 'input_file', file_data: `data:${source.mediaType};base64,${source.data}` }
  if (part.title !== undefined || source.kind === 'base64') file.filename = part.title ?? 'document.pdf'
  return file
}

function encodeAssistantTurn(
  parts: readonly ContentPart[],
  items: WireInputItem[],
  origins: ToolOrigins,
  customCalls: Set<string>,
  warnings: WarningSink,
): void {
  let text: string | undefined
  const flushText = (): void => {
    if (text !== undefined && text !== '') items.push({ type: 'message', role: 'assistant', content: text })
    text = undefined
  }
  for (const part of parts) {
    if (part.type === 'text') {
      text = (text ?? '') + part.text
      continue
    }
    flushText()
    if (part.type === 'reasoning') {
      const token = reasoningToken(part)
      if (part.origin === 'openai-responses' && token !== undefined) {
        items.push({ type: 'reasoning', summary: part.text === '' ? [] : [{ type: 'summary_text', text: part.text }], encrypted_content: token })
      } else if (part.text !== '' || token !== undefined) {
        warnings.add('dropped-reasoning', 'Reasoning from another upstream cannot be sent to a Responses upstream; it was dropped', 'input.reasoning')
      }
    } else if (part.type === 'tool-call') {
      if (origins.isCustom(part.name)) {
        customCalls.add(part.id)
        items.push({ type: 'custom_tool_call', call_id: part.id, name: part.name, input: inputOfArguments(part.arguments) })
      } else items.push({ type: 'function_call', call_id: part.id, name: part.name, arguments: part.arguments || '{}' })
    }
  }
  flushText()
}
