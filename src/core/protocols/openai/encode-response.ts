/**
 * Canonical ChatResponse → chat.completion for OpenAI SDK clients (e.g. talking to Claude).
 * Reasoning goes into the de-facto `reasoning_content`; Anthropic signatures and redacted
 * thinking, which Chat Completions has no slot for, ride in OpenRouter-style `reasoning_details`.
 * @see ../../../../../shared/protocols/mapping.md §3.1
 */
import type { ChatResponse } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { toChatCompletionId } from './chat-id.ts'
import { encodeUsage } from './convert-usage.ts'
import { encodeFinishReason } from './map-stop-reason.ts'
import { encryptedDetail, type SignedReasoningDetail, signedTextDetail } from './signed-reasoning-details.ts'
import type { WireChatCompletion, WireResponseMessage, WireToolCall } from './wire.ts'

export function encodeOpenaiResponse(response: ChatResponse, context: EncodeContext): WireChatCompletion {
  let text = ''
  let reasoning = ''
  const toolCalls: WireToolCall[] = []
  const details: SignedReasoningDetail[] = []
  for (const part of response.content) {
    if (part.type === 'text') text += part.text
    else if (part.type === 'reasoning') {
      reasoning += part.text
      const detail = part.redactedData !== undefined
        ? encryptedDetail(part.redactedData, details.length)
        : signedTextDetail(part.text, part.signature ?? '', details.length)
      if (detail !== undefined) details.push(detail)
    } else toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments || '{}' } })
  }
  const hasText = response.content.some((part) => part.type === 'text')
  const message: WireResponseMessage = { role: 'assistant', content: hasText ? text : null, refusal: null }
  if (reasoning !== '') message.reasoning_content = reasoning
  if (details.length > 0) message.reasoning_details = details
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  const completion: WireChatCompletion = {
    id: toChatCompletionId(response.id),
    object: 'chat.completion',
    created: response.created ?? Math.floor(Date.now() / 1000),
    model: context.clientModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: encodeFinishReason(response.finishReason) }],
  }
  if (response.usage !== undefined) completion.usage = encodeUsage(response.usage)
  return completion
}
