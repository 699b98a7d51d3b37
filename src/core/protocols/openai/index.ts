/** The OpenAI Chat Completions codec: OpenAI and every OpenAI-compatible server. */
import type { ProtocolCodec } from '../codec.ts'
import { openaiClientSetup } from './client-setup.ts'
import { decodeOpenaiError } from './decode-error.ts'
import { decodeOpenaiRequest } from './decode-request.ts'
import { decodeOpenaiResponse } from './decode-response.ts'
import { decodeOpenaiStream } from './decode-stream.ts'
import { openaiEmbeddings } from './embeddings.ts'
import { encodeOpenaiError } from './encode-error.ts'
import { encodeOpenaiRequest } from './encode-request.ts'
import { encodeOpenaiResponse } from './encode-response.ts'
import { encodeOpenaiStream } from './encode-stream.ts'
import { openaiLocalAnswers } from './local-answers.ts'
import { OPENAI_ENDPOINTS, matchOpenaiRoute } from './routes.ts'
import { openaiStreamShape } from './stream-shape.ts'
import { openaiUpstream } from './upstream-convention.ts'

export const openaiCodec: ProtocolCodec = {
  id: 'openai',
  wireFamily: 'openai',
  matchRoute: matchOpenaiRoute,
  endpoints: OPENAI_ENDPOINTS,
  decodeRequest: decodeOpenaiRequest,
  encodeRequest: encodeOpenaiRequest,
  decodeResponse: decodeOpenaiResponse,
  encodeResponse: encodeOpenaiResponse,
  decodeStream: decodeOpenaiStream,
  encodeStream: encodeOpenaiStream,
  stream: openaiStreamShape,
  local: openaiLocalAnswers,
  embeddings: openaiEmbeddings,
  // Claude's signatures travel as OpenRouter-format reasoning_details, which the Anthropic encoder
  // reads back (signed-reasoning-details.ts, thinking-from-reasoning-details.ts); the rest sealed.
  reasoning: { carriesRaw: ['anthropic'] },
  upstream: openaiUpstream,
  client: openaiClientSetup,
  decodeError: decodeOpenaiError,
  encodeError: encodeOpenaiError,
}
