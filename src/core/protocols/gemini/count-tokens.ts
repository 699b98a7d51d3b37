/**
 * Gemini's token counter: POST models/{model}:countTokens with the whole generateContent request
 * (system instruction and tools count only in that form) answers `{"totalTokens": n}`. Gemini
 * and Vertex both serve it.
 * @see ../../../../../shared/protocols/gemini.md §10
 */
import { readTokenCount } from '../../tokens/read-token-count.ts'
import type { UpstreamTokenCounter } from '../codec.ts'
import { encodeGeminiCountTokensRequest } from './encode-request.ts'

export const geminiTokenCounter: UpstreamTokenCounter = {
  encodeRequest: encodeGeminiCountTokensRequest,
  decodeResponse: (body) => readTokenCount(body, 'totalTokens'),
  assumedWithoutCatalog: true,
}
