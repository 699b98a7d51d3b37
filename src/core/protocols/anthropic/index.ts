/** The Anthropic Messages codec: Claude Code and the Anthropic SDKs as clients, Claude as an upstream. */
import type { ProtocolCodec } from '../codec.ts'
import { decodeAnthropicError } from './decode-error.ts'
import { decodeAnthropicRequest } from './decode-request.ts'
import { decodeAnthropicResponse } from './decode-response.ts'
import { decodeAnthropicStream, decodeAnthropicStreamBatches } from './decode-stream.ts'
import { encodeAnthropicError } from './encode-error.ts'
import { encodeAnthropicRequest } from './encode-request.ts'
import { encodeAnthropicResponse } from './encode-response.ts'
import { encodeAnthropicStream, encodeAnthropicStreamBatches } from './encode-stream.ts'
import { matchAnthropicRoute } from './routes.ts'

export const anthropicCodec: ProtocolCodec = {
  id: 'anthropic',
  matchRoute: matchAnthropicRoute,
  decodeRequest: decodeAnthropicRequest,
  encodeRequest: encodeAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  encodeResponse: encodeAnthropicResponse,
  decodeStream: decodeAnthropicStream,
  encodeStream: encodeAnthropicStream,
  decodeStreamBatches: decodeAnthropicStreamBatches,
  encodeStreamBatches: encodeAnthropicStreamBatches,
  streamContentType: 'text/event-stream; charset=utf-8',
  decodeError: decodeAnthropicError,
  encodeError: encodeAnthropicError,
}

export { encodeAnthropicCountTokensRequest } from './encode-request.ts'
