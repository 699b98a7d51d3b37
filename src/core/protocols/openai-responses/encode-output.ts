/**
 * Canonical assistant parts → Responses output items, for a Responses client. A tool call the
 * client declared as a custom tool becomes a `custom_tool_call` with the raw input; a flattened
 * namespace member gets its `namespace` and bare `name` back (tool-origins.ts). A reasoning part
 * carries its opaque token in `encrypted_content`: the upstream's own for a Responses upstream,
 * the bridge's sealed envelope for any other (the client echoes it back next turn).
 * @see ../../../../../shared/protocols/openai-responses.md §7
 */
import type { AssistantPart, ReasoningPart, ToolCallPart } from '../../model/index.ts'
import { inputOfArguments } from './custom-tool-input.ts'
import { newItemId } from './response-object.ts'
import type { ToolOrigins } from './tool-origins.ts'
import type { WireCustomToolCallItem, WireFunctionCallItem, WireMessageItem, WireOutputItem, WireReasoningItem } from './wire.ts'

export function messageItem(id: string, text: string, status: 'in_progress' | 'completed' = 'completed'): WireMessageItem {
  const content: WireMessageItem['content'] = status === 'in_progress' ? [] : [{ type: 'output_text', text, annotations: [], logprobs: [] }]
  return { id, type: 'message', role: 'assistant', status, content }
}

export function reasoningItem(id: string, text: string, encrypted: string | undefined): WireReasoningItem {
  const item: WireReasoningItem = { id, type: 'reasoning', summary: text === '' ? [] : [{ type: 'summary_text', text }] }
  if (encrypted !== undefined && encrypted !== '') item.encrypted_content = encrypted
  return item
}

export function reasoningToken(part: Pick<ReasoningPart, 'signature' | 'redactedData'>): string | undefined {
  return part.signature || part.redactedData || undefined
}

export function callItem(id: string, call: Omit<ToolCallPart, 'type'>, origins: ToolOrigins, status: 'in_progress' | 'completed'): WireFunctionCallItem | WireCustomToolCallItem {
  const wire = origins.wireName(call.name)
  if (origins.isCustom(call.name)) {
    const item: WireCustomToolCallItem = { id, type: 'custom_tool_call', call_id: call.id, name: wire.name, input: status === 'completed' ? inputOfArguments(call.arguments) : '' }
    if (wire.namespace !== undefined) item.namespace = wire.namespace
    return item
  }
  const item: WireFunctionCallItem = { id, type: 'function_call', call_id: call.id, name: wire.name, arguments: call.arguments, status }
  if (wire.namespace !== undefined) item.namespace = wire.namespace
  return item
}

export function outputItems(parts: readonly AssistantPart[], origins: ToolOrigins): WireOutputItem[] {
  const items: WireOutputItem[] = []
  for (const part of parts) {
    if (part.type === 'text') items.push(messageItem(newItemId('msg'), part.text))
    else if (part.type === 'reasoning') items.push(reasoningItem(newItemId('rs'), part.text, reasoningToken(part)))
    else if (part.type === 'tool-call') {
      const custom = origins.isCustom(part.name)
      items.push(callItem(newItemId(custom ? 'ctc' : 'fc'), part, origins, 'completed'))
    }
  }
  return items
}
