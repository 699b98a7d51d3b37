/**
 * The Gemini generateContent codec: Gemini CLI, @google/genai and the Vercel AI SDK as clients,
 * the Gemini API (and Vertex's same JSON) as an upstream.
 * @see ../../../../../shared/protocols/gemini.md
 */
import type { ProtocolCodec, RouteMatch } from '../codec.ts'
import { SSE_KEEPALIVE } from '../../framing/sse-encoder.ts'
import { GeminiGrammarCheck } from './check-grammar.ts'
import { decodeGeminiError } from './decode-error.ts'
import { decodeGeminiRequest } from './decode-request.ts'
import { decodeGeminiResponse } from './decode-response.ts'
import { decodeGeminiStream } from './decode-stream.ts'
import { bodyWithModel, geminiEmbeddings } from './embeddings.ts'
import { encodeGeminiError } from './encode-error.ts'
import { encodeGeminiRequest } from './encode-request.ts'
import { encodeGeminiResponse } from './encode-response.ts'
import { encodeGeminiJsonArrayStream, encodeGeminiStream } from './encode-stream.ts'
import { GEMINI_ENDPOINTS, matchGeminiRoute } from './routes.ts'
import { geminiClientProbe } from './client-probe.ts'
import { geminiTokenCounter } from './count-tokens.ts'
import { geminiModelList } from './model-list.ts'

/** A version segment at the end of a base URL (`…/v1beta`), which the relative path also starts with. */
const VERSION = /^v\d+(alpha|beta)?\d*$/

/** A Model resource as `GET models/{id}` answers it (gemini.md §10), with what the bridge knows. */
function geminiModel(id: string): Record<string, unknown> {
  return { name: `models/${id}`, displayName: id, supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'] }
}

export const geminiCodec: ProtocolCodec = {
  id: 'gemini',
  wireFamily: 'gemini',
  matchRoute: matchGeminiRoute,
  endpoints: GEMINI_ENDPOINTS,
  decodeRequest: decodeGeminiRequest,
  encodeRequest: encodeGeminiRequest,
  decodeResponse: decodeGeminiResponse,
  encodeResponse: encodeGeminiResponse,
  decodeStream: decodeGeminiStream,
  encodeStream: encodeGeminiStream,
  stream: {
    contentType: 'text/event-stream',
    framing: 'sse',
    // Without alt=sse Gemini streams one JSON array as application/json: the route says it streams.
    isStreamedAnswer: (contentType: string, route: RouteMatch) => {
      const type = contentType.toLowerCase()
      return type.startsWith('text/event-stream') || (type.startsWith('application/json') && route.pathStream === true)
    },
    // @google/genai (Gemini CLI) and eventsource-parser (Vercel AI SDK) skip events that are not
    // `data:` lines, so an SSE comment is safe between chunks.
    keepalive: SSE_KEEPALIVE,
    grammarCheck: () => new GeminiGrammarCheck(),
    alternate: { 'json-array': { contentType: 'application/json', encodeStream: encodeGeminiJsonArrayStream } },
  },
  local: {
    countTokens: (inputTokens: number) => ({ totalTokens: inputTokens }),
    modelList: (ids: readonly string[]) => ({ models: ids.map(geminiModel) }),
    model: geminiModel,
  },
  embeddings: geminiEmbeddings,
  reasoning: { carriesRaw: [] },
  upstream: {
    // Gemini base URLs carry no version (the SDK adds it); one that does keeps its own.
    upstreamPath: (relative: string, baseLastSegment: string) => {
      const [first, ...rest] = relative.split('/')
      return VERSION.test(baseLastSegment) && first !== undefined && VERSION.test(first) ? rest.join('/') : relative
    },
    apiKeyHeader: { name: 'x-goog-api-key' },
    // The Files API's resumable and multipart uploads (`upload/v1beta/files`) are driven by these.
    passthroughHeaders: [
      'x-goog-api-client', 'x-goog-upload-protocol', 'x-goog-upload-command', 'x-goog-upload-offset',
      'x-goog-upload-header-content-length', 'x-goog-upload-header-content-type',
    ],
    bodyWithModel,
    countTokens: geminiTokenCounter,
    modelList: geminiModelList,
  },
  client: {
    envVars: (proxyUrl: string, anyKey: string) => [`GOOGLE_GEMINI_BASE_URL=${proxyUrl}`, `GEMINI_API_KEY=${anyKey}`],
    exampleModel: 'gemini-2.5-flash',
    probe: geminiClientProbe,
    exampleRequest: (model: string) => ({
      path: `v1beta/models/${encodeURIComponent(model)}:generateContent`,
      headers: [],
      body: { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] },
    }),
  },
  decodeError: decodeGeminiError,
  encodeError: encodeGeminiError,
}

export { encodeGeminiCountTokensRequest } from './encode-request.ts'
export { encodeGeminiJsonArrayStream } from './encode-stream.ts'
export { wantsJsonArrayStream } from './routes.ts'
export { SKIP_THOUGHT_SIGNATURE } from './encode-contents.ts'
