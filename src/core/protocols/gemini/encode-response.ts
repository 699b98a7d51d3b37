/**
 * Canonical ChatResponse → GenerateContentResponse for Gemini clients (Gemini CLI, @google/genai)
 * talking to another provider. The model echoes the name the client asked for.
 * @see ../../../../../shared/protocols/gemini.md §7
 * @see ../../../../../shared/protocols/mapping.md §10.5
 */
import type { ChatResponse } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { encodeUsage } from './convert-usage.ts'
import { functionCallPart, pushText, thoughtPart, wantsThoughts } from './encode-parts.ts'
import { encodeFinishReason } from './map-stop-reason.ts'
import type { WireGenerateContentResponse, WirePart } from './wire.ts'

export function encodeGeminiResponse(response: ChatResponse, context: EncodeContext): WireGenerateContentResponse {
  const thoughts = wantsThoughts(context)
  const parts: WirePart[] = []
  for (const part of response.content) {
    if (part.type === 'text') {
      if (part.text !== '') pushText(parts, part.text, false)
    } else if (part.type === 'tool-call') parts.push(functionCallPart(part.id, part.name, part.arguments, part.signature))
    else if (thoughts && (part.text !== '' || part.signature)) parts.push(thoughtPart(part.text, part.signature))
  }
  const wire: WireGenerateContentResponse = {
    candidates: [{ content: { role: 'model', parts }, finishReason: encodeFinishReason(response.finishReason), index: 0 }],
    modelVersion: context.clientModel,
    responseId: response.id,
  }
  if (response.usage !== undefined) wire.usageMetadata = encodeUsage(response.usage)
  if (response.created !== undefined) wire.createTime = new Date(response.created * 1000).toISOString()
  return wire
}
