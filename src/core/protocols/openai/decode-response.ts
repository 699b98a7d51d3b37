/**
 * Upstream chat.completion → canonical ChatResponse. Part order: reasoning, text, tool calls
 * (the order in which a stream delivers them).
 * @see ../../../../../shared/protocols/openai-chat.md §7
 * @see ../../../../../shared/protocols/mapping.md §3.2
 */
import { BridgeError } from '../../errors.ts'
import type { AssistantPart, ChatResponse, ReasoningPart } from '../../model/index.ts'
import { mergeUsage } from '../../model/index.ts'
import { convertContentArray } from './content-array.ts'
import { decodeUsage } from './convert-usage.ts'
import { decodeFinishReason } from './map-stop-reason.ts'
import { arrayOf, isObject, optionalString, type JsonObject } from './narrow.ts'
import { ReasoningDetailsAccumulator, textOfDetails } from './reasoning-details.ts'

export function decodeOpenaiResponse(body: unknown): ChatResponse {
  if (!isObject(body)) throw invalid('The upstream answer is not a JSON object')
  const choice = arrayOf(body.choices).find((item) => isObject(item) && (item.index === undefined || item.index === 0))
  if (!isObject(choice) || !isObject(choice.message)) throw invalid('The upstream answer has no choices[0].message')
  const { content, hadRefusal } = decodeMessage(choice.message)
  const hadToolCalls = content.some((part) => part.type === 'tool-call')
  const response: ChatResponse = {
    id: optionalString(body.id) || `chatcmpl-${crypto.randomUUID()}`,
    model: optionalString(body.model) ?? '',
    content,
    finishReason: decodeFinishReason(choice.finish_reason, { hadToolCalls, hadRefusal }),
  }
  const usage = decodeUsage(body.usage)
  if (usage !== undefined) response.usage = mergeUsage(undefined, usage)
  if (typeof body.created === 'number' && body.created > 0) response.created = body.created
  return response
}

function decodeMessage(message: JsonObject): { content: AssistantPart[]; hadRefusal: boolean } {
  const content: AssistantPart[] = []
  let hadRefusal = false
  const reasoning = decodeReasoning(message)
  if (reasoning !== undefined) content.push(reasoning)
  const pieces = Array.isArray(message.content)
    ? convertContentArray(message.content)
    : typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : []
  for (const piece of pieces) {
    if (piece.text === '') continue
    if (piece.type === 'reasoning') content.push({ type: 'reasoning', text: piece.text })
    else content.push({ type: 'text', text: piece.text })
    if (piece.type === 'refusal') hadRefusal = true
  }
  // A refusal becomes visible text; the finish reason says content-filter.
  if (typeof message.refusal === 'string' && message.refusal !== '') {
    content.push({ type: 'text', text: message.refusal })
    hadRefusal = true
  }
  for (const call of arrayOf(message.tool_calls)) {
    if (!isObject(call) || !isObject(call.function)) continue
    const args = call.function.arguments
    const text = typeof args === 'string' ? args : isObject(args) ? JSON.stringify(args) : ''
    content.push({
      type: 'tool-call',
      id: optionalString(call.id) || `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`,
      name: optionalString(call.function.name) ?? '',
      // Groq's "null" and an empty string both mean a call without arguments.
      arguments: text === '' || text === 'null' ? '{}' : text,
    })
  }
  return { content, hadRefusal }
}

function decodeReasoning(message: JsonObject): ReasoningPart | undefined {
  const details = new ReasoningDetailsAccumulator()
  details.add(message.reasoning_details)
  const text = optionalString(message.reasoning_content) || optionalString(message.reasoning) || textOfDetails(message.reasoning_details)
  if (text === '' && details.size === 0) return undefined
  const part: ReasoningPart = { type: 'reasoning', text, origin: 'openai' }
  const signature = details.toSignature()
  if (signature !== undefined) part.signature = signature
  return part
}

function invalid(message: string): BridgeError {
  return new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message })
}
