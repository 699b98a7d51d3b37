/**
 * Canonical ChatResponse → Anthropic Message (non-streaming), echoing the client's model name.
 * @see ../../../../../shared/protocols/mapping.md §3.2
 */
import type { AssistantPart, ChatResponse } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { sanitizeToolId } from './encode-content.ts'
import { encodeUsage } from './convert-usage.ts'
import { encodeStopReason } from './map-stop-reason.ts'
import { parseToolInput } from './parse-tool-input.ts'
import { toMessageId } from './message-id.ts'
import type { WireMessageResponse, WireResponseBlock } from './wire.ts'

function encodeBlock(part: AssistantPart, context: EncodeContext, position: number): WireResponseBlock {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text }
    case 'reasoning':
      return part.redactedData !== undefined
        ? { type: 'redacted_thinking', data: part.redactedData }
        : { type: 'thinking', thinking: part.text, signature: part.signature ?? '' }
    case 'tool-call':
      return { type: 'tool_use', id: sanitizeToolId(part.id), name: part.name, input: parseToolInput(part.arguments, `content[${position}]`, context.warnings) }
  }
}

export function encodeAnthropicResponse(response: ChatResponse, context: EncodeContext): WireMessageResponse {
  const hadToolCalls = response.content.some((part) => part.type === 'tool-call')
  return {
    id: toMessageId(response.id),
    type: 'message',
    role: 'assistant',
    model: context.clientModel,
    content: response.content.map((part, position) => encodeBlock(part, context, position)),
    ...encodeStopReason(response.finishReason, hadToolCalls),
    usage: encodeUsage(response.usage),
  }
}
