/**
 * OpenAI `messages[]` → canonical system + turns.
 * - system/developer anywhere → request.system, in order;
 * - consecutive `tool` messages → ONE user turn of tool results, in the order of the calls of
 *   the preceding assistant turn; a user message right after joins that turn (Anthropic, Gemini
 *   and Bedrock need tool results and the next user text in one turn);
 * - legacy `function` role → tool result paired with the last `function_call` of that name.
 * @see ../../../../../shared/protocols/mapping.md §2
 */
import { BridgeError } from '../../errors.ts'
import type { ChatMessage, ContentPart, TextPart, ToolResultPart, WarningSink } from '../../model/index.ts'
import { decodeAssistantMessage } from './decode-assistant-message.ts'
import { isObject, optionalString } from './narrow.ts'
import { decodeUserContent } from './decode-user-parts.ts'

export type DecodedMessages = { system: TextPart[]; messages: ChatMessage[] }

export function decodeMessages(raw: unknown, warnings: WarningSink): DecodedMessages {
  if (!Array.isArray(raw)) throw BridgeError.invalidRequest('messages must be an array')
  const system: TextPart[] = []
  const messages: ChatMessage[] = []
  let callOrder: string[] = []
  const legacyCallIds = new Map<string, string>()
  raw.forEach((message, position) => {
    const field = `messages[${position}]`
    if (!isObject(message)) throw BridgeError.invalidRequest(`${field} must be an object`)
    switch (message.role) {
      case 'system':
      case 'developer':
        for (const part of decodeUserContent(message.content, `${field}.content`, warnings)) {
          if (part.type === 'text') system.push(part)
        }
        return
      case 'user':
        appendUserParts(messages, decodeUserContent(message.content, `${field}.content`, warnings))
        return
      case 'assistant': {
        const content = decodeAssistantMessage(message, field, warnings, legacyCallIds)
        callOrder = content.flatMap((part) => (part.type === 'tool-call' ? [part.id] : []))
        messages.push({ role: 'assistant', content })
        return
      }
      case 'tool': {
        const id = optionalString(message.tool_call_id)
        if (id === undefined) throw BridgeError.invalidRequest(`${field}.tool_call_id must be a string`)
        appendToolResult(messages, toolResult(id, message, field, warnings), callOrder)
        return
      }
      case 'function': {
        warnings.add('deprecated-field', 'The legacy function role was converted to a tool result', field)
        const name = optionalString(message.name) ?? ''
        const id = legacyCallIds.get(name) ?? `call_${name}`
        const result = toolResult(id, message, field, warnings)
        result.name = name
        appendToolResult(messages, result, callOrder)
        return
      }
      default:
        throw BridgeError.invalidRequest(`${field}.role ${JSON.stringify(message.role)} is not supported`)
    }
  })
  return { system, messages }
}

function toolResult(id: string, message: Record<string, unknown>, field: string, warnings: WarningSink): ToolResultPart {
  return { type: 'tool-result', toolCallId: id, content: decodeUserContent(message.content, `${field}.content`, warnings) }
}

function appendToolResult(messages: ChatMessage[], result: ToolResultPart, callOrder: string[]): void {
  const last = messages.at(-1)
  if (last?.role === 'user' && last.content.every((part) => part.type === 'tool-result')) {
    last.content.push(result)
    const rank = (part: ContentPart): number => {
      const found = part.type === 'tool-result' ? callOrder.indexOf(part.toolCallId) : -1
      return found === -1 ? Number.MAX_SAFE_INTEGER : found
    }
    // Stable sort: results the calls do not name keep their place after the named ones.
    last.content.sort((a, b) => rank(a) - rank(b))
    return
  }
  messages.push({ role: 'user', content: [result] })
}

function appendUserParts(messages: ChatMessage[], parts: ContentPart[]): void {
  const last = messages.at(-1)
  const lastIsToolTurn = last?.role === 'user' && last.content.length > 0 && last.content.every((part) => part.type === 'tool-result')
  if (last !== undefined && lastIsToolTurn) last.content.push(...parts)
  else messages.push({ role: 'user', content: parts })
}
