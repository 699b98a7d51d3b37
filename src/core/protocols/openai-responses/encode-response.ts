/**
 * Canonical ChatResponse → a non-streamed Responses answer for a Responses client: the complete
 * Response object with its output items, status (`incomplete` with its reason on max tokens or a
 * content filter) and usage with both detail objects.
 * @see ../../../../../shared/protocols/openai-responses.md §7
 */
import type { ChatResponse } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { outputItems } from './encode-output.ts'
import { encodeFinishReason } from './map-stop-reason.ts'
import { finalResponse, responseMeta } from './response-object.ts'
import { readToolOrigins } from './tool-origins.ts'
import type { WireResponse } from './wire.ts'

export function encodeOpenaiResponsesResponse(response: ChatResponse, context: EncodeContext): WireResponse {
  const meta = responseMeta(response.id, response.created, context)
  const output = outputItems(response.content, readToolOrigins(context.clientRequest))
  return finalResponse(meta, output, encodeFinishReason(response.finishReason), response.usage)
}
