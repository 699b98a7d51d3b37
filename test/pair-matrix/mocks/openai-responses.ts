/**
 * An OpenAI Responses upstream for the pair matrix. Answers copy the documented and recorded
 * shapes (openai-responses/openai-reasoning-summary.sse, openai-parallel-function-calls.sse):
 * `response.created` and `response.in_progress` first, each output item added → its part and
 * deltas → done, in output order (reasoning with a summary and `encrypted_content`, the message,
 * function calls), then `response.completed` (`response.incomplete` with `incomplete_details` on
 * a length stop) carrying the whole output and usage with both detail objects; every event named
 * after its type with a rising `sequence_number`, and no `[DONE]`. Errors in OpenAI's
 * `{error:{message,type,param,code}}` shape.
 * @see ../../../../shared/protocols/openai-responses.md §7, §8
 */
import type { FaultReply } from '../../support/fault-upstream.ts'
import type { ScriptedAnswer, SeenPart, SeenRequest, UpstreamCall, UpstreamFailure, UpstreamMock } from '../contract.ts'
import { cutJsonReply, cutStreamReply } from './break-reply.ts'

const RESPONSE_ID = 'resp_0pairmatrix68a1b2c3d4e5f60718293a4b5c6d7e8f'
const CREATED = 1770933892
const MODEL = 'gpt-5-2025-08-07'

type Item = Record<string, unknown> & { type: string; id: string }

function usage(answer: ScriptedAnswer): Record<string, unknown> {
  const { input, output, cacheRead, cacheWrite } = answer.usage
  return {
    input_tokens: input,
    // cached_tokens is part of input_tokens; OpenRouter adds cache_write_tokens beside it.
    input_tokens_details: cacheWrite === undefined ? { cached_tokens: cacheRead ?? 0 } : { cached_tokens: cacheRead ?? 0, cache_write_tokens: cacheWrite },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: answer.reasoning ? Math.min(output, 9) : 0 },
    total_tokens: input + output,
  }
}

function items(answer: ScriptedAnswer): Item[] {
  const out: Item[] = []
  if (answer.reasoning) {
    out.push({ type: 'reasoning', id: 'rs_0pairmatrix01', summary: [{ type: 'summary_text', text: answer.reasoning.text }], encrypted_content: answer.reasoning.token })
  }
  if (answer.text !== undefined) {
    out.push({ type: 'message', id: 'msg_0pairmatrix01', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }] })
  }
  answer.toolCalls?.forEach((call, index) => {
    out.push({ type: 'function_call', id: `fc_0pairmatrix0${index + 1}`, call_id: call.id, name: call.name, arguments: JSON.stringify(call.args), status: 'completed' })
  })
  return out
}

function response(answer: ScriptedAnswer | undefined, output: Item[]): Record<string, unknown> {
  const incomplete = answer?.finish === 'length'
  const status = answer === undefined ? 'in_progress' : incomplete ? 'incomplete' : 'completed'
  return {
    id: RESPONSE_ID,
    object: 'response',
    created_at: CREATED,
    status,
    completed_at: answer === undefined || incomplete ? null : CREATED + 2,
    error: null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: null,
    model: MODEL,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: 1.0,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: 1.0,
    truncation: 'disabled',
    usage: answer === undefined ? null : usage(answer),
    metadata: {},
  }
}

function pieces(text: string, size: number): string[] {
  const out: string[] = []
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size))
  return out
}

/** The opening state of an item as `response.output_item.added` shows it. */
function opened(item: Item): Item {
  if (item.type === 'message') return { ...item, status: 'in_progress', content: [] }
  if (item.type === 'function_call') return { ...item, arguments: '', status: 'in_progress' }
  return { ...item, summary: [] }
}

function itemEvents(item: Item, output_index: number): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [{ type: 'response.output_item.added', output_index, item: opened(item) }]
  const at = { item_id: item.id, output_index }
  if (item.type === 'reasoning') {
    const text = (item.summary as Array<{ text: string }>)[0]?.text ?? ''
    const part = { type: 'summary_text', text: '' }
    events.push({ type: 'response.reasoning_summary_part.added', ...at, summary_index: 0, part })
    for (const delta of pieces(text, 9)) events.push({ type: 'response.reasoning_summary_text.delta', ...at, summary_index: 0, delta, obfuscation: 'pm' })
    events.push({ type: 'response.reasoning_summary_text.done', ...at, summary_index: 0, text })
    events.push({ type: 'response.reasoning_summary_part.done', ...at, summary_index: 0, part: { ...part, text } })
  } else if (item.type === 'message') {
    const text = (item.content as Array<{ text: string }>)[0]?.text ?? ''
    const part = { type: 'output_text', text: '', annotations: [], logprobs: [] }
    events.push({ type: 'response.content_part.added', ...at, content_index: 0, part })
    for (const delta of pieces(text, 5)) events.push({ type: 'response.output_text.delta', ...at, content_index: 0, delta, logprobs: [] })
    events.push({ type: 'response.output_text.done', ...at, content_index: 0, text, logprobs: [] })
    events.push({ type: 'response.content_part.done', ...at, content_index: 0, part: { ...part, text } })
  } else {
    const args = String(item.arguments)
    for (const delta of pieces(args, 6)) events.push({ type: 'response.function_call_arguments.delta', ...at, delta })
    events.push({ type: 'response.function_call_arguments.done', ...at, name: item.name, arguments: args })
  }
  events.push({ type: 'response.output_item.done', output_index, item })
  return events
}

/** The answer as a Responses SSE stream, one string per event (also used by test/e2e). */
export function responsesEvents(answer: ScriptedAnswer): string[] {
  const output = items(answer)
  const payloads: Array<Record<string, unknown>> = [
    { type: 'response.created', response: response(undefined, []) },
    { type: 'response.in_progress', response: response(undefined, []) },
    ...output.flatMap((item, index) => itemEvents(item, index)),
    { type: answer.finish === 'length' ? 'response.incomplete' : 'response.completed', response: response(answer, output) },
  ]
  return payloads.map((payload, sequence_number) => `event: ${payload.type}\ndata: ${JSON.stringify({ ...payload, sequence_number })}\n\n`)
}

/** The answer as a whole Response object (also used by test/e2e). */
export function responseBody(answer: ScriptedAnswer): Record<string, unknown> {
  return response(answer, items(answer))
}

const wantsStream = (call: UpstreamCall): boolean => (JSON.parse(call.body) as { stream?: unknown }).stream === true

function json(status: number, body: unknown, headers: Record<string, string> = {}): FaultReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

const errorBody = (message: string, type: string, code: string | null, param: string | null = null) => ({ error: { message, type, param, code } })

const FAILURES: Record<UpstreamFailure, FaultReply> = {
  'context-overflow': json(400, errorBody('Your input exceeds the context window of this model. Please adjust your input and try again.', 'invalid_request_error', 'context_length_exceeded', 'input')),
  auth: json(401, errorBody('Incorrect API key provided: sk-pair*****6789. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key')),
  'rate-limit': json(429, errorBody('Rate limit reached for gpt-5 on tokens per min (TPM): Limit 30000, Used 30000, Requested 100.', 'tokens', 'rate_limit_exceeded'), { 'retry-after': '1' }),
  'server-error': json(500, errorBody('The server had an error while processing your request. Sorry about that!', 'server_error', null)),
}

type WireContent = { type: string; text?: string; image_url?: string }
type WireItem = {
  type?: string
  role?: string
  content?: string | WireContent[]
  summary?: Array<{ text: string }>
  encrypted_content?: string | null
  call_id?: string
  name?: string
  arguments?: string
  output?: string | WireContent[]
}

function textOf(content: string | WireContent[] | undefined): string {
  if (typeof content === 'string') return content
  return (content ?? []).map((part) => part.text ?? '').join('')
}

function userParts(content: string | WireContent[] | undefined): SeenPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return (content ?? []).flatMap((part): SeenPart[] => {
    if (part.type === 'input_text') return [{ type: 'text', text: part.text ?? '' }]
    const match = /^data:([^;]+);base64,(.*)$/.exec(part.image_url ?? '')
    return part.type === 'input_image' && match ? [{ type: 'image', mediaType: match[1] ?? '', base64: match[2] ?? '' }] : []
  })
}

function itemPart(item: WireItem): { role: 'user' | 'assistant'; part: SeenPart[] } | undefined {
  const type = item.type ?? 'message'
  if (type === 'message' && (item.role === 'system' || item.role === 'developer')) return undefined
  if (type === 'message' && item.role === 'assistant') return { role: 'assistant', part: [{ type: 'text', text: textOf(item.content) }] }
  if (type === 'message') return { role: 'user', part: userParts(item.content) }
  if (type === 'reasoning') {
    const text = (item.summary ?? []).map((entry) => entry.text).join('')
    return { role: 'assistant', part: [{ type: 'reasoning', text, tokens: item.encrypted_content ? [item.encrypted_content] : [] }] }
  }
  if (type === 'function_call') return { role: 'assistant', part: [{ type: 'tool-call', id: item.call_id ?? '', name: item.name ?? '', args: JSON.parse(item.arguments || '{}') }] }
  if (type === 'function_call_output') return { role: 'user', part: [{ type: 'tool-result', callId: item.call_id ?? '', text: textOf(item.output) }] }
  return undefined
}

/** Consecutive items of one side form one canonical turn (a reasoning item, a message and calls: one assistant turn). */
function read(call: UpstreamCall): SeenRequest {
  const body = JSON.parse(call.body) as { model?: string; stream?: boolean; max_output_tokens?: number; tools?: Array<{ name?: string }>; input?: string | WireItem[] }
  const input = typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : (body.input ?? [])
  const messages: SeenRequest['messages'] = []
  for (const item of input) {
    const seen = itemPart(item)
    if (seen === undefined) continue
    const last = messages.at(-1)
    if (last?.role === seen.role) last.parts.push(...seen.part)
    else messages.push({ role: seen.role, parts: seen.part })
  }
  const toolNames = (body.tools ?? []).flatMap((tool) => (typeof tool.name === 'string' ? [tool.name] : []))
  return { model: body.model, stream: body.stream === true, maxTokens: body.max_output_tokens, toolNames, messages }
}

export const openaiResponsesMock: UpstreamMock = {
  protocol: 'openai-responses',
  upstreamModel: 'gpt-5',
  // "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16".
  minOutputTokens: 16,
  target: (origin, key) => ({ protocol: 'openai-responses', baseUrl: `${origin}/v1`, auth: { type: 'bearer', token: key } }),
  acceptsCall: (call, key) => call.method === 'POST' && call.path.split('?')[0] === '/v1/responses' && call.headers.authorization === `Bearer ${key}`,
  answer: (answer, call) =>
    wantsStream(call) ? { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, events: responsesEvents(answer) } : json(200, responseBody(answer)),
  brokenAnswer: (answer, call) =>
    wantsStream(call)
      ? cutStreamReply(responsesEvents(answer), (event) => event.startsWith('event: response.output_text.delta'), { 'content-type': 'text/event-stream; charset=utf-8' })
      : cutJsonReply(JSON.stringify(responseBody(answer))),
  failure: (failure) => FAILURES[failure],
  read,
}
