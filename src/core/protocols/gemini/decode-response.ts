/**
 * Upstream GenerateContentResponse → canonical ChatResponse: the same chunk decoder as streams,
 * over the one body, collected. Reasoning parts (and the signature-only parts that carry a text
 * part's thoughtSignature) get origin gemini: their signatures are only valid at Gemini.
 * @see ../../../../../shared/protocols/gemini.md §7
 * @see ../../../../../shared/protocols/mapping.md §10.2
 */
import { BridgeError } from '../../errors.ts'
import type { ChatResponse } from '../../model/index.ts'
import { collectEvents } from '../../stream/collect-stream.ts'
import { ChunkDecoder } from './decode-chunk.ts'
import { decodeStreamErrorPayload } from './decode-error.ts'
import { isObject } from './read-json.ts'

export function decodeGeminiResponse(body: unknown): ChatResponse {
  if (!isObject(body)) throw invalid('The upstream answer is not a JSON object')
  if (isObject(body.error)) throw decodeStreamErrorPayload(body)
  if (!Array.isArray(body.candidates) && !isObject(body.promptFeedback)) throw invalid('The upstream answer has no candidates')
  const decoder = new ChunkDecoder()
  decoder.onChunk(body)
  decoder.end()
  const response = collectEvents(decoder.take())
  response.content = response.content.map((part) => (part.type === 'reasoning' ? { ...part, origin: 'gemini' } : part))
  return response
}

function invalid(message: string): BridgeError {
  return new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message })
}
