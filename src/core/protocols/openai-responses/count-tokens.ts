/**
 * OpenAI's token counter: POST /v1/responses/input_tokens takes the input-side fields of a
 * Responses request and answers `{"object": "response.input_tokens", "input_tokens": n}`. A URL
 * that speaks Responses to its upstream is taken to have it (the catalog has no Responses
 * presets: such URLs name OpenAI or Azure by their base URL). Behind an OpenAI Chat URL only the
 * catalog's word counts: the servers that copy /v1/chat/completions rarely have it.
 * @see ../../../../../shared/protocols/openai-responses.md §1
 */
import { readTokenCount } from '../../tokens/read-token-count.ts'
import { isObject } from '../../json-object.ts'
import type { EncodeContext, UpstreamRequest, UpstreamTokenCounter } from '../codec.ts'
import type { ChatRequest } from '../../model/index.ts'
import { encodeOpenaiResponsesRequest } from './encode-request.ts'

/** The fields the endpoint takes; the generation and storage ones (stream, store, max_output_tokens, include…) it refuses. */
const COUNTED_FIELDS = ['model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'text', 'truncation']

function encodeCountRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest {
  const { body } = encodeOpenaiResponsesRequest({ ...request, stream: false }, context)
  const counted: Record<string, unknown> = {}
  if (isObject(body)) for (const key of COUNTED_FIELDS) if (body[key] !== undefined) counted[key] = body[key]
  return { path: 'responses/input_tokens', body: counted, stream: false }
}

export const openaiResponsesTokenCounter: UpstreamTokenCounter = {
  encodeRequest: encodeCountRequest,
  decodeResponse: (body) => readTokenCount(body, 'input_tokens'),
  assumedWithoutCatalog: true,
}

/** The same counter for an OpenAI Chat URL, where the catalog must say the upstream has it. */
export const openaiChatTokenCounter: UpstreamTokenCounter = { ...openaiResponsesTokenCounter, assumedWithoutCatalog: false }
