/**
 * An Anthropic Messages upstream for the pair matrix: scripted answers rendered as the documented
 * message and event stream (the builders in support/e2e-wire.ts, shaped after the recorded
 * fixtures), errors in Anthropic's `{type:"error", error:{type, message}}` shape, and requests
 * read back into canonical parts.
 * @see ../../../../shared/protocols/anthropic-messages.md
 */
import { anthropicEvents, anthropicMessage, type AnthropicAnswer, type AnthropicBlock } from '../../support/e2e-wire.ts'
import type { FaultReply } from '../../support/fault-upstream.ts'
import type { ScriptedAnswer, SeenPart, SeenRequest, UpstreamCall, UpstreamFailure, UpstreamMock } from '../contract.ts'
import { cutJsonReply, cutStreamReply } from './break-reply.ts'

const STOP_REASON = { stop: 'end_turn', length: 'max_tokens', 'tool-calls': 'tool_use' } as const

function toWire(answer: ScriptedAnswer): AnthropicAnswer {
  const blocks: AnthropicBlock[] = []
  if (answer.reasoning) blocks.push({ type: 'thinking', thinking: answer.reasoning.text, signature: answer.reasoning.token })
  if (answer.text !== undefined) blocks.push({ type: 'text', text: answer.text })
  for (const call of answer.toolCalls ?? []) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.args })
  return { blocks, stopReason: STOP_REASON[answer.finish], usage: wireUsage(answer.usage) }
}

/** Anthropic's input_tokens excludes the cache reads and writes it reports beside it. */
function wireUsage({ input, output, cacheRead, cacheWrite }: ScriptedAnswer['usage']): AnthropicAnswer['usage'] {
  const usage: AnthropicAnswer['usage'] = { input: input - (cacheRead ?? 0) - (cacheWrite ?? 0), output }
  if (cacheRead !== undefined) usage.cacheRead = cacheRead
  if (cacheWrite !== undefined) usage.cacheWrite = cacheWrite
  return usage
}

const wantsStream = (call: UpstreamCall): boolean => (JSON.parse(call.body) as { stream?: unknown }).stream === true

const errorBody = (type: string, message: string) => ({ type: 'error', error: { type, message }, request_id: 'req_011PairMatrix' })

const FAILURES: Record<UpstreamFailure, FaultReply> = {
  'context-overflow': json(400, errorBody('invalid_request_error', 'prompt is too long: 210012 tokens > 200000 maximum')),
  auth: json(401, errorBody('authentication_error', 'invalid x-api-key')),
  'rate-limit': json(429, errorBody('rate_limit_error', 'This request would exceed the rate limit for your organization of 50,000 input tokens per minute.'), { 'retry-after': '1' }),
  'server-error': json(500, errorBody('api_error', 'Internal server error')),
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): FaultReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

type WireBlock = {
  type: string
  text?: string
  thinking?: string
  signature?: string
  data?: string
  id?: string
  name?: string
  input?: unknown
  tool_use_id?: string
  content?: string | WireBlock[]
  source?: { type: string; media_type?: string; data?: string }
}
type WireBody = { model?: string; stream?: boolean; max_tokens?: number; tools?: Array<{ name: string }>; messages?: Array<{ role: 'user' | 'assistant'; content: string | WireBlock[] }> }

function readBlock(block: WireBlock): SeenPart | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text ?? '' }
    case 'image':
      return { type: 'image', mediaType: block.source?.media_type ?? '', base64: block.source?.data ?? '' }
    case 'tool_use':
      return { type: 'tool-call', id: block.id ?? '', name: block.name ?? '', args: block.input }
    case 'tool_result': {
      const content = block.content ?? ''
      const text = typeof content === 'string' ? content : content.map((inner) => inner.text ?? '').join('')
      return { type: 'tool-result', callId: block.tool_use_id ?? '', text }
    }
    case 'thinking':
      return { type: 'reasoning', text: block.thinking ?? '', tokens: block.signature ? [block.signature] : [] }
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', tokens: block.data ? [block.data] : [] }
    default:
      return undefined
  }
}

function read(call: UpstreamCall): SeenRequest {
  const body = JSON.parse(call.body) as WireBody
  return {
    model: body.model,
    stream: body.stream === true,
    maxTokens: body.max_tokens,
    toolNames: (body.tools ?? []).map((tool) => tool.name),
    messages: (body.messages ?? []).map((message) => ({
      role: message.role,
      parts: typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : message.content.flatMap((block) => readBlock(block) ?? []),
    })),
  }
}

export const anthropicMock: UpstreamMock = {
  protocol: 'anthropic',
  upstreamModel: 'claude-sonnet-4-5',
  target: (origin, key) => ({ protocol: 'anthropic', baseUrl: origin, auth: { type: 'x-api-key', token: key } }),
  acceptsCall: (call, key) => call.method === 'POST' && call.path.split('?')[0] === '/v1/messages' && call.headers['x-api-key'] === key,
  answer: (answer, call) => (wantsStream(call) ? { status: 200, events: anthropicEvents(toWire(answer)) } : json(200, anthropicMessage(toWire(answer)))),
  brokenAnswer: (answer, call) =>
    wantsStream(call)
      ? cutStreamReply(anthropicEvents(toWire(answer)), (event) => event.includes('"text_delta"'))
      : cutJsonReply(JSON.stringify(anthropicMessage(toWire(answer)))),
  failure: (failure) => FAILURES[failure],
  read,
}
