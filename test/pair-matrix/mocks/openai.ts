/**
 * An OpenAI Chat Completions upstream for the pair matrix. Answers copy the recorded shapes:
 * chunks as in openai-chat/openai-text.chunks.txt (role chunk, deltas, a finish chunk, a
 * `choices: []` usage chunk, `[DONE]`); reasoning as OpenRouter sends it
 * (openrouter-reasoning-details-parallel-tools.*: `reasoning` text beside `reasoning_details`
 * fragments, the opaque signature in a last detail of its own), the one Chat Completions slot
 * for an opaque reasoning token. Errors in the `{error:{message,type,param,code}}` shape.
 * @see ../../../../shared/protocols/openai-chat.md §4.1, §11
 */
import type { FaultReply } from '../../support/fault-upstream.ts'
import type { ScriptedAnswer, SeenPart, SeenRequest, UpstreamCall, UpstreamFailure, UpstreamMock } from '../contract.ts'
import { cutJsonReply, cutStreamReply } from './break-reply.ts'

const ID = 'chatcmpl-PairMatrix0000000000000001'
const CREATED = 1770933892
const MODEL = 'gpt-4o-2024-08-06'
const FINISH = { stop: 'stop', length: 'length', 'tool-calls': 'tool_calls' } as const
/** OpenRouter's format name for details whose producer it does not classify. */
const DETAILS_FORMAT = 'unknown'

function usage(answer: ScriptedAnswer): Record<string, unknown> {
  const { input, output, cacheRead, cacheWrite } = answer.usage
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    // cached_tokens is part of prompt_tokens; OpenRouter adds cache_write_tokens beside it.
    prompt_tokens_details: cacheWrite === undefined ? { cached_tokens: cacheRead ?? 0, audio_tokens: 0 } : { cached_tokens: cacheRead ?? 0, cache_write_tokens: cacheWrite, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  }
}

function completion(answer: ScriptedAnswer): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: answer.text ?? null, refusal: null, annotations: [] }
  if (answer.reasoning) {
    message.reasoning = answer.reasoning.text
    message.reasoning_details = [{ type: 'reasoning.text', text: answer.reasoning.text, signature: answer.reasoning.token, format: DETAILS_FORMAT, index: 0 }]
  }
  if (answer.toolCalls) {
    message.tool_calls = answer.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } }))
  }
  return {
    id: ID,
    object: 'chat.completion',
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, message, logprobs: null, finish_reason: FINISH[answer.finish] }],
    usage: usage(answer),
    system_fingerprint: 'fp_pair_matrix',
  }
}

function pieces(text: string, size: number): string[] {
  const out: string[] = []
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size))
  return out
}

function chunks(answer: ScriptedAnswer): string[] {
  const frame = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({ id: ID, object: 'chat.completion.chunk', created: CREATED, model: MODEL, choices, ...extra })}\n\n`
  const delta = (value: Record<string, unknown>, finish: string | null = null): string => frame([{ index: 0, delta: value, logprobs: null, finish_reason: finish }])
  const out = [delta({ role: 'assistant', content: '', refusal: null })]
  if (answer.reasoning) {
    for (const part of pieces(answer.reasoning.text, 7)) {
      out.push(delta({ content: '', reasoning: part, reasoning_details: [{ type: 'reasoning.text', text: part, format: DETAILS_FORMAT, index: 0 }] }))
    }
    out.push(delta({ content: '', reasoning_details: [{ type: 'reasoning.text', signature: answer.reasoning.token, format: DETAILS_FORMAT, index: 0 }] }))
  }
  for (const part of pieces(answer.text ?? '', 5)) out.push(delta({ content: part }))
  answer.toolCalls?.forEach((call, index) => {
    out.push(delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }))
    for (const part of pieces(JSON.stringify(call.args), 6)) out.push(delta({ tool_calls: [{ index, function: { arguments: part } }] }))
  })
  out.push(delta({}, FINISH[answer.finish]))
  out.push(frame([], { usage: usage(answer) }))
  out.push('data: [DONE]\n\n')
  return out
}

const wantsStream = (call: UpstreamCall): boolean => (JSON.parse(call.body) as { stream?: unknown }).stream === true

function json(status: number, body: unknown, headers: Record<string, string> = {}): FaultReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

const errorBody = (message: string, type: string, code: string | null, param: string | null = null) => ({ error: { message, type, param, code } })

const FAILURES: Record<UpstreamFailure, FaultReply> = {
  'context-overflow': json(400, errorBody(
    "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the messages.",
    'invalid_request_error', 'context_length_exceeded', 'messages',
  )),
  auth: json(401, errorBody('Incorrect API key provided: sk-pair*****6789.', 'invalid_request_error', 'invalid_api_key')),
  'rate-limit': json(429, errorBody('Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000, Used 30000, Requested 100.', 'tokens', 'rate_limit_exceeded'), { 'retry-after': '1' }),
  'server-error': json(500, errorBody('The server had an error while processing your request. Sorry about that!', 'server_error', null)),
}

type WirePart = { type: string; text?: string; image_url?: { url: string } }
type WireDetail = { signature?: string; data?: string }
type WireMessage = {
  role: string
  content?: string | WirePart[] | null
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>
  tool_call_id?: string
  reasoning_content?: string
  reasoning?: string
  reasoning_details?: WireDetail[]
}

function textOf(content: WireMessage['content']): string {
  if (typeof content === 'string') return content
  return (content ?? []).map((part) => part.text ?? '').join('')
}

function userParts(content: WireMessage['content']): SeenPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return (content ?? []).flatMap((part): SeenPart[] => {
    if (part.type === 'text') return [{ type: 'text', text: part.text ?? '' }]
    const match = /^data:([^;]+);base64,(.*)$/.exec(part.image_url?.url ?? '')
    return part.type === 'image_url' && match ? [{ type: 'image', mediaType: match[1] ?? '', base64: match[2] ?? '' }] : []
  })
}

function assistantParts(message: WireMessage): SeenPart[] {
  const parts: SeenPart[] = []
  const tokens = (message.reasoning_details ?? []).flatMap((detail) => [detail.signature, detail.data].filter((token): token is string => typeof token === 'string'))
  const reasoning = message.reasoning_content ?? message.reasoning ?? ''
  if (reasoning !== '' || tokens.length > 0) parts.push({ type: 'reasoning', text: reasoning, tokens })
  const text = textOf(message.content)
  if (text !== '') parts.push({ type: 'text', text })
  for (const call of message.tool_calls ?? []) {
    parts.push({ type: 'tool-call', id: call.id, name: call.function.name, args: JSON.parse(call.function.arguments || '{}') })
  }
  return parts
}

/** Tool messages are parts of the user turn in canonical terms, so adjacent user-side messages merge. */
function read(call: UpstreamCall): SeenRequest {
  const body = JSON.parse(call.body) as { model?: string; stream?: boolean; max_completion_tokens?: number; max_tokens?: number; tools?: Array<{ function: { name: string } }>; messages?: WireMessage[] }
  const messages: SeenRequest['messages'] = []
  for (const message of body.messages ?? []) {
    if (message.role === 'system' || message.role === 'developer') continue
    const role = message.role === 'assistant' ? 'assistant' : 'user'
    const parts = message.role === 'assistant'
      ? assistantParts(message)
      : message.role === 'tool'
        ? [{ type: 'tool-result' as const, callId: message.tool_call_id ?? '', text: textOf(message.content) }]
        : userParts(message.content)
    const last = messages.at(-1)
    if (last?.role === role && role === 'user') last.parts.push(...parts)
    else messages.push({ role, parts })
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens
  return { model: body.model, stream: body.stream === true, maxTokens, toolNames: (body.tools ?? []).map((tool) => tool.function.name), messages }
}

export const openaiMock: UpstreamMock = {
  protocol: 'openai',
  upstreamModel: 'gpt-4o',
  target: (origin, key) => ({ protocol: 'openai', baseUrl: `${origin}/v1`, auth: { type: 'bearer', token: key } }),
  acceptsCall: (call, key) => call.method === 'POST' && call.path.split('?')[0] === '/v1/chat/completions' && call.headers.authorization === `Bearer ${key}`,
  answer: (answer, call) => (wantsStream(call) ? { status: 200, events: chunks(answer) } : json(200, completion(answer))),
  brokenAnswer: (answer, call) =>
    wantsStream(call) ? cutStreamReply(chunks(answer), (event) => /"content":"[^"]/.test(event)) : cutJsonReply(JSON.stringify(completion(answer))),
  failure: (failure) => FAILURES[failure],
  read,
}
