/**
 * An OpenAI assistant message (client history) → canonical parts, in stream order: reasoning
 * (reasoning_content / reasoning, with reasoning_details as the signature), text and refusal,
 * then tool calls. Text and tool calls of one turn stay together (LESSONS #21).
 * @see ../../../../../shared/protocols/openai-chat.md §4, §4.1
 */
import { BridgeError } from '../../errors.ts'
import type { ContentPart, ReasoningPart, WarningSink } from '../../model/index.ts'
import { convertContentArray } from './content-array.ts'
import { arrayOf, isObject, optionalString, type JsonObject } from './narrow.ts'
import { ReasoningDetailsAccumulator } from './reasoning-details.ts'
import { envelopeReasoningParts } from './signed-reasoning-details.ts'

export function decodeAssistantMessage(
  message: JsonObject,
  field: string,
  warnings: WarningSink,
  legacyCallIds: Map<string, string>,
): ContentPart[] {
  const parts: ContentPart[] = []
  const reasoningText = optionalString(message.reasoning_content) || optionalString(message.reasoning) || ''
  const details = new ReasoningDetailsAccumulator()
  details.add(message.reasoning_details)
  const sealed = envelopeReasoningParts(message.reasoning_details)
  // The bridge's own envelopes (another upstream's reasoning) go back to the opener as they were.
  if (sealed.length > 0) parts.push(...sealed)
  else if (reasoningText !== '' || details.size > 0) {
    const reasoning: ReasoningPart = { type: 'reasoning', text: reasoningText, origin: 'openai' }
    const signature = details.size > 0 ? JSON.stringify(message.reasoning_details) : undefined
    if (signature !== undefined) reasoning.signature = signature
    parts.push(reasoning)
  }
  if (typeof message.content === 'string') {
    if (message.content !== '') parts.push({ type: 'text', text: message.content })
  } else if (Array.isArray(message.content)) {
    for (const piece of convertContentArray(message.content)) {
      if (piece.text !== '') parts.push(piece.type === 'reasoning' ? { type: 'reasoning', text: piece.text } : { type: 'text', text: piece.text })
    }
  } else if (message.content !== null && message.content !== undefined) {
    throw BridgeError.invalidRequest(`${field}.content must be a string, an array or null`)
  }
  if (typeof message.refusal === 'string' && message.refusal !== '') parts.push({ type: 'text', text: message.refusal })
  arrayOf(message.tool_calls).forEach((call, position) => {
    const where = `${field}.tool_calls[${position}]`
    if (!isObject(call) || !isObject(call.function)) throw BridgeError.invalidRequest(`${where}.function must be an object`)
    const id = optionalString(call.id)
    const name = optionalString(call.function.name)
    if (id === undefined || name === undefined) throw BridgeError.invalidRequest(`${where} needs an id and a function.name`)
    parts.push({ type: 'tool-call', id, name, arguments: argumentsText(call.function.arguments) })
  })
  if (isObject(message.function_call)) {
    warnings.add('deprecated-field', 'The legacy function_call was converted to a tool call', `${field}.function_call`)
    const name = optionalString(message.function_call.name) ?? ''
    const id = `call_${name}_${legacyCallIds.size}`
    legacyCallIds.set(name, id)
    parts.push({ type: 'tool-call', id, name, arguments: argumentsText(message.function_call.arguments) })
  }
  return parts
}

function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value === '' || value === 'null' ? '{}' : value
  return isObject(value) ? JSON.stringify(value) : '{}'
}
