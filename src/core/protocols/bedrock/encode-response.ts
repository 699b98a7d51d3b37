/**
 * Canonical ChatResponse → Bedrock Converse response, for the AWS SDKs. Signatures and redacted
 * data go out as the response holds them (Bedrock's own, or the bridge's sealed envelope around
 * another provider's). metrics.latencyMs is required by the shape; the bridge does not time the
 * model, so it is 0.
 * @see ../../../../../shared/protocols/bedrock-converse.md §4
 */
import type { AssistantPart, ChatResponse, WarningSink } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { encodeUsage } from './convert-usage.ts'
import { parseToolInput, sanitizeToolId } from './encode-content.ts'
import { encodeStopReason } from './map-stop-reason.ts'
import { toWireRedactedContent } from './redacted-content.ts'
import type { WireContentBlock, WireConverseResponse } from './wire.ts'

function encodeResponsePart(part: AssistantPart, index: number, warnings: WarningSink): WireContentBlock {
  switch (part.type) {
    case 'text':
      return { text: part.text }
    case 'reasoning':
      if (part.redactedData !== undefined) return { reasoningContent: { redactedContent: toWireRedactedContent(part.redactedData) } }
      return { reasoningContent: { reasoningText: part.signature ? { text: part.text, signature: part.signature } : { text: part.text } } }
    case 'tool-call':
      return { toolUse: { toolUseId: sanitizeToolId(part.id), name: part.name, input: parseToolInput(part.arguments, `content[${index}]`, warnings) } }
  }
}

export function encodeBedrockResponse(response: ChatResponse, context: EncodeContext): WireConverseResponse {
  const content = response.content.map((part, index) => encodeResponsePart(part, index, context.warnings))
  const hadToolCalls = response.content.some((part) => part.type === 'tool-call')
  const body: WireConverseResponse = {
    output: { message: { role: 'assistant', content } },
    stopReason: encodeStopReason(response.finishReason, hadToolCalls),
    usage: encodeUsage(response.usage),
    metrics: { latencyMs: 0 },
  }
  if (response.finishReason.stopSequence !== undefined) body.additionalModelResponseFields = { delta: { stop_sequence: response.finishReason.stopSequence } }
  return body
}
