/**
 * Claude on Bedrock keeps Anthropic's rule: with thinking on, the assistant turn of the tool loop
 * in progress (the last assistant message, when it calls tools) must start with the reasoning
 * block Claude signed, or Bedrock answers a ValidationException. Clients of other protocols may
 * not send that block back (an OpenAI Chat client has no slot for a Bedrock signature). Rather
 * than let the request fail, the bridge sends it with thinking off and, the opposite rule,
 * without reasoning blocks in that final assistant message (mapping.md §7.1, option 3). The
 * next turn thinks again.
 * @see ../../../../../shared/protocols/mapping.md §7.1
 */
import type { ChatRequest, WarningSink } from '../../model/index.ts'
import { modelFamily } from './model-family.ts'
import type { WireMessage } from './wire.ts'

/** Returns the request to encode: unchanged, or with reasoning off and the final tool turn's reasoning removed. */
export function keepThinkingReplayable(request: ChatRequest, modelId: string, messages: WireMessage[], warnings: WarningSink): ChatRequest {
  if (request.reasoning?.enabled !== true || modelFamily(modelId) !== 'anthropic') return request
  const last = messages.findLast((message) => message.role === 'assistant')
  if (last === undefined || !last.content.some((block) => 'toolUse' in block)) return request
  const first = last.content[0]
  if (first !== undefined && 'reasoningContent' in first) return request
  warnings.add(
    'disabled-thinking',
    'thinking was turned off for this request: the last assistant tool call came back without its signed reasoning block, which Claude requires',
    'additionalModelRequestFields.thinking',
  )
  last.content = last.content.filter((block) => !('reasoningContent' in block))
  return { ...request, reasoning: { enabled: false } }
}
