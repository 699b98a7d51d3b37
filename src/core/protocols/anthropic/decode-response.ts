/**
 * Anthropic Message (non-streaming) → canonical ChatResponse. Unknown and server-tool blocks
 * are skipped (their results are already reflected in the text).
 * @see ../../../../../shared/protocols/anthropic-messages.md §9
 */
import { BridgeError } from '../../errors.ts'
import type { AssistantPart, ChatResponse } from '../../model/index.ts'
import { decodeUsage } from './convert-usage.ts'
import { decodeStopReason } from './map-stop-reason.ts'
import { isObject, stringOrUndefined } from '../read-json.ts'

function decodeResponseBlock(block: unknown): AssistantPart | undefined {
  if (!isObject(block)) return undefined
  switch (block.type) {
    case 'text':
      return { type: 'text', text: stringOrUndefined(block.text) ?? '' }
    case 'thinking': {
      const signature = stringOrUndefined(block.signature)
      const text = stringOrUndefined(block.thinking) ?? ''
      return signature ? { type: 'reasoning', text, signature, origin: 'anthropic' } : { type: 'reasoning', text, origin: 'anthropic' }
    }
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redactedData: stringOrUndefined(block.data) ?? '', origin: 'anthropic' }
    case 'tool_use':
      return {
        type: 'tool-call',
        id: stringOrUndefined(block.id) ?? '',
        name: stringOrUndefined(block.name) ?? '',
        arguments: JSON.stringify(isObject(block.input) ? block.input : {}),
      }
    default:
      return undefined
  }
}

export function decodeAnthropicResponse(body: unknown): ChatResponse {
  if (!isObject(body) || !Array.isArray(body.content)) {
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'The upstream answer is not an Anthropic message' })
  }
  const content = body.content.map(decodeResponseBlock).filter((part): part is AssistantPart => part !== undefined)
  const response: ChatResponse = {
    id: stringOrUndefined(body.id) ?? '',
    model: stringOrUndefined(body.model) ?? '',
    content,
    finishReason: decodeStopReason(body.stop_reason, body.stop_sequence),
  }
  if (isObject(body.usage)) {
    const usage = decodeUsage(body.usage)
    response.usage = { inputTokens: 0, outputTokens: 0, ...usage }
  }
  return response
}
