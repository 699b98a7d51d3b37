/**
 * Bedrock Converse response → canonical ChatResponse. Bedrock answers carry no id and no model
 * (both are '' and the client encoder fills them); toolUse.input is an object here, where the
 * stream sends JSON text. Reasoning may come after the text (DeepSeek-R1,
 * bedrock-deepseek-r1-reasoning-after-text.json) and keeps its place.
 * @see ../../../../../shared/protocols/bedrock-converse.md §4
 */
import { BridgeError } from '../../errors.ts'
import type { AssistantPart, ChatResponse } from '../../model/index.ts'
import { decodeUsage } from './convert-usage.ts'
import { decodeStopReason } from './map-stop-reason.ts'
import { isObject, stringOrUndefined } from './read-json.ts'

function decodeResponseBlock(block: unknown): AssistantPart | undefined {
  if (!isObject(block)) return undefined
  if (typeof block.text === 'string') return { type: 'text', text: block.text }
  if (isObject(block.toolUse)) {
    const use = block.toolUse
    return { type: 'tool-call', id: stringOrUndefined(use.toolUseId) ?? '', name: stringOrUndefined(use.name) ?? '', arguments: JSON.stringify(use.input ?? {}) }
  }
  if (isObject(block.reasoningContent)) {
    const reasoning = block.reasoningContent
    if (typeof reasoning.redactedContent === 'string') return { type: 'reasoning', text: '', redactedData: reasoning.redactedContent, origin: 'bedrock' }
    const text = isObject(reasoning.reasoningText) ? reasoning.reasoningText : {}
    const signature = stringOrUndefined(text.signature)
    const part: AssistantPart = { type: 'reasoning', text: stringOrUndefined(text.text) ?? '', origin: 'bedrock' }
    if (signature) part.signature = signature
    return part
  }
  return undefined // citations, images and blocks added after this code was written
}

/** Claude reports the matched stop sequence in additionalModelResponseFields.delta.stop_sequence. */
export function matchedStopSequence(fields: unknown): string | undefined {
  return isObject(fields) && isObject(fields.delta) ? stringOrUndefined(fields.delta.stop_sequence) : undefined
}

export function decodeBedrockResponse(body: unknown): ChatResponse {
  const message = isObject(body) && isObject(body.output) && isObject(body.output.message) ? body.output.message : undefined
  if (!isObject(body) || !message || !Array.isArray(message.content)) {
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'The upstream answer is not a Bedrock Converse response' })
  }
  const content = message.content.map(decodeResponseBlock).filter((part): part is AssistantPart => part !== undefined)
  const finishReason = decodeStopReason(body.stopReason)
  const stopSequence = matchedStopSequence(body.additionalModelResponseFields)
  if (stopSequence !== undefined) finishReason.stopSequence = stopSequence
  const response: ChatResponse = { id: '', model: '', content, finishReason }
  if (isObject(body.usage)) response.usage = { inputTokens: 0, outputTokens: 0, ...decodeUsage(body.usage) }
  return response
}
