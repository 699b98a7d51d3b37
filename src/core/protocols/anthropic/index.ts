/** The Anthropic Messages codec: Claude Code and the Anthropic SDKs as clients, Claude as an upstream. */
import type { ProtocolCodec } from '../codec.ts'
import { anthropicClientSetup } from './client-setup.ts'
import { decodeAnthropicError } from './decode-error.ts'
import { decodeAnthropicRequest } from './decode-request.ts'
import { decodeAnthropicResponse } from './decode-response.ts'
import { decodeAnthropicStream } from './decode-stream.ts'
import { encodeAnthropicError } from './encode-error.ts'
import { encodeAnthropicRequest } from './encode-request.ts'
import { encodeAnthropicResponse } from './encode-response.ts'
import { encodeAnthropicStream } from './encode-stream.ts'
import { anthropicLocalAnswers } from './local-answers.ts'
import { ANTHROPIC_ENDPOINTS, matchAnthropicRoute } from './routes.ts'
import { anthropicStreamShape } from './stream-shape.ts'
import { anthropicUpstream } from './upstream-convention.ts'

export const anthropicCodec: ProtocolCodec = {
  id: 'anthropic',
  wireFamily: 'anthropic',
  matchRoute: matchAnthropicRoute,
  endpoints: ANTHROPIC_ENDPOINTS,
  decodeRequest: decodeAnthropicRequest,
  encodeRequest: encodeAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  encodeResponse: encodeAnthropicResponse,
  decodeStream: decodeAnthropicStream,
  encodeStream: encodeAnthropicStream,
  stream: anthropicStreamShape,
  local: anthropicLocalAnswers,
  reasoning: { carriesRaw: [] },
  upstream: anthropicUpstream,
  client: anthropicClientSetup,
  decodeError: decodeAnthropicError,
  encodeError: encodeAnthropicError,
}

export { encodeAnthropicCountTokensRequest } from './encode-request.ts'
