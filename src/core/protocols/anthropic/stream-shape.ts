/**
 * An Anthropic stream is SSE. Its keepalive is a `ping` event: the SDKs and Claude Code expect it
 * (an SSE comment would do too, but ping is what Anthropic itself sends while a model thinks).
 * @see ../../../../../shared/protocols/anthropic-messages.md §10
 */
import type { StreamShape } from '../codec.ts'
import { AnthropicGrammarCheck } from './check-stream-grammar.ts'

export const ANTHROPIC_PING = 'event: ping\ndata: {"type": "ping"}\n\n'

export const anthropicStreamShape: StreamShape = {
  contentType: 'text/event-stream; charset=utf-8',
  framing: 'sse',
  isStreamedAnswer: (contentType) => contentType.toLowerCase().startsWith('text/event-stream'),
  keepalive: ANTHROPIC_PING,
  grammarCheck: () => new AnthropicGrammarCheck(),
}
