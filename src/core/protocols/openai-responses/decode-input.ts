/**
 * Responses `input` (a string or items) → canonical system + turns.
 * - system/developer messages → request.system, in order (after `instructions`);
 * - assistant messages, reasoning, function_call and custom_tool_call items that follow each other
 *   form ONE assistant turn, in order;
 * - function_call_output / custom_tool_call_output items form one user turn of tool results; a
 *   user message right after joins it (Anthropic, Gemini and Bedrock need them together);
 * - item_reference needs the server's stored items: a 400 naming the stateless bridge;
 * - a compaction item the bridge made (compaction.ts) is its summary as a user message; items of
 *   built-in tools (web_search_call, local_shell_call, OpenAI's compaction…) are dropped with a
 *   warning: only the Responses upstream that produced them could read them.
 * @see ../../../../../shared/protocols/openai-responses.md §3
 * @see ../../../../../shared/protocols/mapping.md §8.2
 */
import { BridgeError } from '../../errors.ts'
import type { ChatMessage, ContentPart, TextPart, WarningSink } from '../../model/index.ts'
import { isObject, optionalString, type JsonObject } from '../openai/narrow.ts'
import { readCompactionSummary } from './compaction.ts'
import { decodeContent, decodeToolOutput } from './decode-content.ts'
import { decodeReasoningItem } from './decode-reasoning-item.ts'
import { decodeTools, type DecodedTools } from './decode-tools.ts'
import { flatToolName } from './tool-origins.ts'

export type DecodedInput = { system: TextPart[]; messages: ChatMessage[] }

export const STATELESS_HINT = 'the bridge is stateless: resend the whole conversation in input (with store: false)'

export function decodeInput(input: unknown, tools: DecodedTools, warnings: WarningSink): DecodedInput {
  const decoded: DecodedInput = { system: [], messages: [] }
  if (typeof input === 'string') {
    decoded.messages.push({ role: 'user', content: input === '' ? [] : [{ type: 'text', text: input }] })
    return decoded
  }
  if (!Array.isArray(input)) throw BridgeError.invalidRequest('input must be a string or an array of items')
  input.forEach((item, position) => {
    const field = `input[${position}]`
    if (!isObject(item)) throw BridgeError.invalidRequest(`${field} must be an object`)
    decodeItem(item, field, decoded, tools, warnings)
  })
  return decoded
}

function decodeItem(item: JsonObject, field: string, into: DecodedInput, tools: DecodedTools, warnings: WarningSink): void {
  const type = item.type ?? (item.role === undefined ? undefined : 'message')
  switch (type) {
    case 'message':
      return decodeMessage(item, field, into, warnings)
    case 'reasoning':
      return appendAssistant(into, decodeReasoningItem(item))
    case 'function_call':
      return appendAssistant(into, {
        type: 'tool-call',
        id: callId(item, field),
        name: wireToolName(item, field),
        arguments: optionalString(item.arguments) || '{}',
      })
    case 'custom_tool_call':
      return appendAssistant(into, {
        type: 'tool-call',
        id: callId(item, field),
        name: wireToolName(item, field),
        arguments: JSON.stringify({ input: optionalString(item.input) ?? '' }),
      })
    case 'function_call_output':
    case 'custom_tool_call_output':
      return appendToolResult(into, {
        type: 'tool-result',
        toolCallId: callId(item, field),
        content: decodeToolOutput(item.output, `${field}.output`),
      })
    case 'additional_tools':
      return decodeTools(item.tools, `${field}.tools`, tools)
    case 'compaction': {
      const summary = readCompactionSummary(item.encrypted_content)
      if (summary !== undefined) return appendUser(into, [summary])
      return warnings.add('dropped-item', 'A compaction item made by OpenAI can only be read by OpenAI; it was dropped', field)
    }
    case 'item_reference':
      throw BridgeError.invalidRequest(`${field}: item_reference cannot be resolved: ${STATELESS_HINT}`)
    default:
      warnings.add('dropped-item', `Input item type ${JSON.stringify(type)} cannot be translated; it was dropped`, field)
  }
}

function decodeMessage(item: JsonObject, field: string, into: DecodedInput, warnings: WarningSink): void {
  const parts = decodeContent(item.content, `${field}.content`)
  switch (item.role) {
    case 'system':
    case 'developer':
      for (const part of parts) {
        if (part.type === 'text') into.system.push(part)
        else warnings.add('dropped-content', 'Only text is kept from system and developer messages', `${field}.content`)
      }
      return
    case 'user':
      return appendUser(into, parts)
    case 'assistant':
      for (const part of parts) if (part.type === 'text') appendAssistant(into, part)
      return
    default:
      throw BridgeError.invalidRequest(`${field}.role must be user, assistant, system or developer`)
  }
}

function callId(item: JsonObject, field: string): string {
  const id = optionalString(item.call_id)
  if (id === undefined || id === '') throw BridgeError.invalidRequest(`${field}.call_id must be a non-empty string`)
  return id
}

function wireToolName(item: JsonObject, field: string): string {
  const name = optionalString(item.name)
  if (name === undefined || name === '') throw BridgeError.invalidRequest(`${field}.name must be a non-empty string`)
  const namespace = optionalString(item.namespace)
  return namespace === undefined || namespace === '' ? name : flatToolName(namespace, name)
}

function appendAssistant(into: DecodedInput, part: ContentPart): void {
  const last = into.messages.at(-1)
  if (last?.role === 'assistant') last.content.push(part)
  else into.messages.push({ role: 'assistant', content: [part] })
}

function isToolTurn(message: ChatMessage | undefined): boolean {
  return message?.role === 'user' && message.content.length > 0 && message.content.every((part) => part.type === 'tool-result')
}

function appendToolResult(into: DecodedInput, part: ContentPart): void {
  const last = into.messages.at(-1)
  if (last !== undefined && isToolTurn(last)) last.content.push(part)
  else into.messages.push({ role: 'user', content: [part] })
}

function appendUser(into: DecodedInput, parts: ContentPart[]): void {
  const last = into.messages.at(-1)
  if (last !== undefined && isToolTurn(last)) last.content.push(...parts)
  else into.messages.push({ role: 'user', content: parts })
}
