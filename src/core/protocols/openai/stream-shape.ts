/**
 * An OpenAI Chat stream is SSE ending in `data: [DONE]`; an SSE comment is its keepalive (the
 * SDKs skip comment lines). The grammar check needs to know whether the client asked for the
 * usage chunk (stream_options.include_usage).
 * @see ../../../../../shared/protocols/openai-chat.md §8
 */
import { SSE_KEEPALIVE } from '../../framing/sse-encoder.ts'
import type { StreamShape } from '../codec.ts'
import { OpenaiGrammarCheck } from './check-stream-grammar.ts'
import { wantsStreamUsage } from './encode-stream.ts'

export const openaiStreamShape: StreamShape = {
  contentType: 'text/event-stream; charset=utf-8',
  framing: 'sse',
  isStreamedAnswer: (contentType) => contentType.toLowerCase().startsWith('text/event-stream'),
  keepalive: SSE_KEEPALIVE,
  grammarCheck: (context) => new OpenaiGrammarCheck({ includeUsage: wantsStreamUsage(context) }),
}
