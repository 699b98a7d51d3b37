/** The OpenAI Chat Completions codec: OpenAI and every OpenAI-compatible server. */
import type { ProtocolCodec } from '../codec.ts'
import { decodeError } from './decode-error.ts'
import { decodeRequest } from './decode-request.ts'
import { decodeResponse } from './decode-response.ts'
import { decodeStream, decodeStreamBatches } from './decode-stream.ts'
import { encodeError } from './encode-error.ts'
import { encodeRequest } from './encode-request.ts'
import { encodeResponse } from './encode-response.ts'
import { encodeStream, encodeStreamBatches } from './encode-stream.ts'
import { matchRoute } from './routes.ts'

export const openaiCodec: ProtocolCodec = {
  id: 'openai',
  matchRoute,
  decodeRequest,
  encodeRequest,
  decodeResponse,
  encodeResponse,
  decodeStream,
  encodeStream,
  decodeStreamBatches,
  encodeStreamBatches,
  streamContentType: 'text/event-stream; charset=utf-8',
  decodeError,
  encodeError,
}
