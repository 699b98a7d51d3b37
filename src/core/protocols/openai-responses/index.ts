/** The OpenAI Responses codec: Codex and the OpenAI SDK's `responses` as clients, OpenAI / Azure / Copilot Responses as upstreams. */
import { SSE_KEEPALIVE } from '../../framing/sse-encoder.ts'
import type { ProtocolCodec } from '../codec.ts'
import { ResponsesGrammarCheck } from './check-grammar.ts'
import { encodeCompactedResponse } from './compaction.ts'
import { encodeModelCatalog } from './model-catalog.ts'
import { decodeOpenaiResponsesError } from './decode-error.ts'
import { decodeOpenaiResponsesRequest } from './decode-request.ts'
import { decodeOpenaiResponsesResponse } from './decode-response.ts'
import { decodeOpenaiResponsesStream } from './decode-stream.ts'
import { encodeOpenaiResponsesError } from './encode-error.ts'
import { encodeOpenaiResponsesRequest } from './encode-request.ts'
import { encodeOpenaiResponsesResponse } from './encode-response.ts'
import { encodeOpenaiResponsesStream } from './encode-stream.ts'
import { OPENAI_RESPONSES_ENDPOINTS, matchOpenaiResponsesRoute } from './routes.ts'
import { openaiResponsesClientProbe } from './client-probe.ts'
import { openaiEmbeddings } from '../openai/embeddings.ts'
import { openaiResponsesTokenCounter } from './count-tokens.ts'
import { openaiModelList } from '../openai/model-list.ts'
import { openaiModel } from '../openai/local-answers.ts'

export const openaiResponsesCodec: ProtocolCodec = {
  id: 'openai-responses',
  // Models, embeddings and files are the same wire as OpenAI Chat's.
  wireFamily: 'openai',
  matchRoute: matchOpenaiResponsesRoute,
  endpoints: OPENAI_RESPONSES_ENDPOINTS,
  decodeRequest: decodeOpenaiResponsesRequest,
  encodeRequest: encodeOpenaiResponsesRequest,
  decodeResponse: decodeOpenaiResponsesResponse,
  encodeResponse: encodeOpenaiResponsesResponse,
  decodeStream: decodeOpenaiResponsesStream,
  encodeStream: encodeOpenaiResponsesStream,
  stream: {
    contentType: 'text/event-stream; charset=utf-8',
    framing: 'sse',
    isStreamedAnswer: (contentType) => contentType.toLowerCase().includes('text/event-stream'),
    keepalive: SSE_KEEPALIVE,
    grammarCheck: () => new ResponsesGrammarCheck(),
  },
  local: {
    countTokens: (inputTokens) => ({ object: 'response.input_tokens', input_tokens: inputTokens }),
    modelList: (ids, ownedBy) => ({ object: 'list', data: ids.map((id) => openaiModel(id, ownedBy)) }),
    model: openaiModel,
    modelCatalog: encodeModelCatalog,
    compacted: encodeCompactedResponse,
  },
  // The same /v1/embeddings as OpenAI Chat's.
  embeddings: openaiEmbeddings,
  reasoning: { carriesRaw: [] },
  upstream: {
    // OpenAI's base URL includes /v1: the path drops a leading `v1/`.
    upstreamPath: (relative) => relative.replace(/^\/+/, '').replace(/^v1\//, ''),
    // OpenAI authenticates with a bearer token; this is only the header for auth type 'x-api-key'.
    apiKeyHeader: { name: 'x-api-key' },
    passthroughHeaders: ['openai-organization', 'openai-project', 'openai-beta'],
    countTokens: openaiResponsesTokenCounter,
    // The same /v1/models as OpenAI Chat's.
    modelList: openaiModelList,
  },
  client: {
    envVars: (proxyUrl, anyKey) => [`OPENAI_BASE_URL=${proxyUrl}/v1`, `OPENAI_API_KEY=${anyKey}`],
    exampleModel: 'gpt-5',
    probe: openaiResponsesClientProbe,
    exampleRequest: (model) => ({ path: 'v1/responses', headers: [], body: { model, input: 'Hello' } }),
  },
  decodeError: decodeOpenaiResponsesError,
  encodeError: encodeOpenaiResponsesError,
}
