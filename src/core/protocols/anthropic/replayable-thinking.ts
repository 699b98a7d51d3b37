/**
 * With thinking on, Anthropic requires the assistant turn of the tool loop in progress (the last
 * assistant message, when it calls tools) to start with the thinking block it signed; otherwise
 * it answers 400 "Expected 'thinking' or 'redacted_thinking', but found 'tool_use'. When
 * 'thinking' is enabled, a final 'assistant' message must start with a thinking block".
 * Clients of other protocols usually cannot send that block back (OpenAI Chat has no slot for a
 * signature unless the client echoes reasoning_details). Rather than let the request fail, the
 * bridge sends it with thinking off, and — the opposite rule — without thinking blocks in that
 * final assistant message (mapping.md §7.1, option 3). The next turn thinks again.
 * @see ../../../../../shared/protocols/anthropic-messages.md §5
 * @see ../../../../../shared/protocols/mapping.md §7.1
 */
import type { ChatRequest, WarningSink } from '../../model/index.ts'
import type { WireMessage } from './wire.ts'

const isThinking = (type: string): boolean => type === 'thinking' || type === 'redacted_thinking'

/** Returns the request to encode: unchanged, or with reasoning off and the final tool turn's thinking removed. */
export function keepThinkingReplayable(request: ChatRequest, messages: WireMessage[], warnings: WarningSink): ChatRequest {
  if (request.reasoning?.enabled !== true) return request
  const last = messages.findLast((message) => message.role === 'assistant')
  if (last === undefined || !last.content.some((block) => block.type === 'tool_use')) return request
  const first = last.content[0]
  if (first !== undefined && isThinking(first.type)) return request
  warnings.add(
    'disabled-thinking',
    'thinking was turned off for this request: the last assistant tool call came back without its signed thinking block, which Anthropic requires',
    'thinking',
  )
  last.content = last.content.filter((block) => !isThinking(block.type))
  return { ...request, reasoning: { enabled: false } }
}
