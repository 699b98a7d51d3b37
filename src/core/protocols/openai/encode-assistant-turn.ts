/**
 * A canonical assistant turn → one OpenAI assistant message: text and tool calls together
 * (LESSONS #21), reasoning text as `reasoning_content` (DeepSeek's thinking mode rejects tool
 * turns without it, LESSONS #3), and OpenRouter `reasoning_details` when the reasoning signature
 * holds them. Opaque data of other providers (Anthropic signatures, redacted thinking) is dropped.
 * @see ../../../../../shared/protocols/openai-chat.md §4.1
 * @see ../../../../../shared/protocols/mapping.md §1, §7.2
 */
import type { ContentPart, WarningSink } from '../../model/index.ts'
import { parseReasoningDetails } from './reasoning-details.ts'
import type { WireMessage, WireToolCall } from './wire.ts'

export function encodeAssistantTurn(content: ContentPart[], warnings: WarningSink): WireMessage | undefined {
  let text = ''
  let reasoning = ''
  const details: unknown[] = []
  const toolCalls: WireToolCall[] = []
  for (const part of content) {
    if (part.type === 'text') text += part.text
    else if (part.type === 'tool-call') {
      toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments || '{}' } })
    } else if (part.type === 'reasoning') {
      reasoning += part.text
      const parsed = parseReasoningDetails(part.signature)
      if (parsed !== undefined) details.push(...parsed)
      else if (part.redactedData !== undefined) {
        warnings.add('dropped-reasoning', 'Encrypted reasoning from another provider cannot be sent to this upstream', 'messages.reasoning')
      }
    } else warnings.add('dropped-content', `A ${part.type} part cannot appear in an OpenAI assistant message; it was dropped`, 'messages')
  }
  if (text === '' && toolCalls.length === 0) return undefined
  const message: Extract<WireMessage, { role: 'assistant' }> = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text }
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  if (reasoning !== '') message.reasoning_content = reasoning
  if (details.length > 0) message.reasoning_details = details
  return message
}
