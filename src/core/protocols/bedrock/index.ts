/**
 * The Bedrock Converse codec: the AWS SDKs (Converse / ConverseStream) as clients, any Bedrock
 * model as an upstream. Streams are AWS event streams (binary frames), not SSE.
 * @see ../../../../../shared/protocols/bedrock-converse.md
 */
import type { ProtocolCodec } from '../codec.ts'
import { decodeBedrockError } from './decode-error.ts'
import { decodeBedrockRequest } from './decode-request.ts'
import { decodeBedrockResponse } from './decode-response.ts'
import { decodeBedrockStream } from './decode-stream.ts'
import { encodeBedrockError } from './encode-error.ts'
import { encodeBedrockRequest } from './encode-request.ts'
import { encodeBedrockResponse } from './encode-response.ts'
import { encodeBedrockStream } from './encode-stream.ts'
import { wrapInvokeCodec } from './invoke-codec.ts'
import { EVENT_STREAM_CONTENT_TYPE } from './invoke-model.ts'
import { bedrockLocalAnswers } from './local-answers.ts'
import { BEDROCK_ENDPOINTS, matchBedrockRoute, replacePathModel } from './routes.ts'
import { bedrockClientProbe } from './client-probe.ts'
import { bedrockTokenCounter } from './count-tokens.ts'

export { EVENT_STREAM_CONTENT_TYPE } from './invoke-model.ts'

export const bedrockCodec: ProtocolCodec = {
  id: 'bedrock',
  wireFamily: 'bedrock',
  matchRoute: matchBedrockRoute,
  endpoints: BEDROCK_ENDPOINTS,
  decodeRequest: decodeBedrockRequest,
  encodeRequest: encodeBedrockRequest,
  decodeResponse: decodeBedrockResponse,
  encodeResponse: encodeBedrockResponse,
  decodeStream: decodeBedrockStream,
  encodeStream: encodeBedrockStream,
  stream: {
    contentType: EVENT_STREAM_CONTENT_TYPE,
    framing: 'aws-event-stream',
    isStreamedAnswer: (contentType) => contentType.toLowerCase().startsWith(EVENT_STREAM_CONTENT_TYPE),
    // No keepalive: the event stream has no frame a client ignores (an unknown event type would
    // surface in the SDKs as an unknown union member).
    keepalive: undefined,
  },
  local: bedrockLocalAnswers,
  reasoning: { carriesRaw: [] },
  upstream: {
    // The Bedrock Runtime base URL has no path; the relative path (`model/{id}/converse…`, the id
    // percent-encoded) is joined as it is.
    upstreamPath: (relative) => relative,
    // Bedrock API keys are bearer tokens (auth type 'bearer', `Authorization: Bearer …`) and AWS
    // keys sign with SigV4; no Bedrock endpoint reads an API-key header. This is only the
    // fallback the contract asks for, unused by any Bedrock preset.
    apiKeyHeader: { name: 'x-api-key' },
    passthroughHeaders: [],
    // The model id is everything between `model/` and the operation, ARNs with slashes included.
    pathWithModel: replacePathModel,
    countTokens: bedrockTokenCounter,
  },
  client: {
    // The AWS SDKs sign every request, so they need some credentials; the bridge does not check them.
    envVars: (proxyUrl, anyKey) => [
      `AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${proxyUrl}`,
      `AWS_ACCESS_KEY_ID=${anyKey}`,
      `AWS_SECRET_ACCESS_KEY=${anyKey}`,
      'AWS_REGION=us-east-1',
    ],
    exampleModel: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    probe: bedrockClientProbe,
    exampleRequest: (model) => ({
      path: `model/${encodeURIComponent(model)}/converse`,
      headers: [],
      body: { messages: [{ role: 'user', content: [{ text: 'Hello' }] }], inferenceConfig: { maxTokens: 256 } },
    }),
  },
  // InvokeModel routes carry Anthropic Messages bodies (RouteMatch.bodyProtocol).
  wrapBodyCodec: wrapInvokeCodec,
  decodeError: decodeBedrockError,
  encodeError: encodeBedrockError,
}

export { encodeBedrockCountTokensRequest } from './encode-request.ts'
export { replacePathModel, type BedrockRouteMatch } from './routes.ts'
export { encodeInvokeStream, invokeBodyToMessages } from './invoke-model.ts'
