/**
 * Upstream answers for end-to-end scenarios, in the providers' documented wire shapes.
 * Where a recorded fixture fits, scenarios replay it (fixtureReply); these builders cover what no
 * recording shows with the exact content a scenario needs (a length stop, a named tool call).
 * Their shape copies the recorded fixtures: OpenAI chunks as in openai-chat/openai-text.chunks.txt
 * (role chunk, content deltas, a finish chunk, a `choices: []` usage chunk, `[DONE]`), Anthropic
 * events as in anthropic-messages/anthropic-stop-sequence.sse (message_start, ping, blocks,
 * message_delta, message_stop).
 * @see ../../../shared/protocols/openai-chat.md
 * @see ../../../shared/protocols/anthropic-messages.md
 */
import type { MockReply, ReceivedRequest } from './mock-upstream.ts'
import { sseFromChunksFile } from './mock-upstream.ts'

const FIXTURES = `${import.meta.dir}/../fixtures`

// ---------------------------------------------------------------- OpenAI Chat Completions

export type OpenAiToolCall = { id: string; name: string; arguments: string }

export type OpenAiAnswer = {
  content?: string
  reasoning?: string
  toolCalls?: OpenAiToolCall[]
  finish: 'stop' | 'length' | 'tool_calls' | 'content_filter'
  usage: { prompt: number; completion: number; reasoning?: number }
  model?: string
}

const OPENAI_ID = 'chatcmpl-e2e0000000000000000000001'
const CREATED = 1770933892

function openaiUsage(answer: OpenAiAnswer): Record<string, unknown> {
  return {
    prompt_tokens: answer.usage.prompt,
    completion_tokens: answer.usage.completion,
    total_tokens: answer.usage.prompt + answer.usage.completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: answer.usage.reasoning ?? 0, audio_tokens: 0 },
  }
}

export function openaiCompletion(answer: OpenAiAnswer): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: answer.content ?? null, refusal: null, annotations: [] }
  if (answer.reasoning !== undefined) message.reasoning_content = answer.reasoning
  if (answer.toolCalls !== undefined) {
    message.tool_calls = answer.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }))
  }
  return {
    id: OPENAI_ID,
    object: 'chat.completion',
    created: CREATED,
    model: answer.model ?? 'gpt-4o-2024-08-06',
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finish }],
    usage: openaiUsage(answer),
    service_tier: 'default',
    system_fingerprint: 'fp_e2e',
  }
}

/** Splits a string in pieces of at most `size` characters (streamed text and arguments). */
function pieces(text: string, size: number): string[] {
  const out: string[] = []
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size))
  return out
}

export function openaiChunks(answer: OpenAiAnswer): string[] {
  const model = answer.model ?? 'gpt-4o-2024-08-06'
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
    `data: ${JSON.stringify({ id: OPENAI_ID, object: 'chat.completion.chunk', created: CREATED, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null })}\n\n`
  const out = [chunk({ role: 'assistant', content: '', refusal: null })]
  for (const part of pieces(answer.reasoning ?? '', 7)) out.push(chunk({ content: null, reasoning_content: part }))
  for (const part of pieces(answer.content ?? '', 5)) out.push(chunk({ content: part }))
  answer.toolCalls?.forEach((call, index) => {
    out.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }))
    for (const part of pieces(call.arguments, 6)) out.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }))
  })
  out.push(chunk({}, answer.finish))
  out.push(`data: ${JSON.stringify({ id: OPENAI_ID, object: 'chat.completion.chunk', created: CREATED, model, choices: [], usage: openaiUsage(answer) })}\n\n`)
  out.push('data: [DONE]\n\n')
  return out
}

// ---------------------------------------------------------------- Anthropic Messages

export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }

export type AnthropicAnswer = {
  blocks: AnthropicBlock[]
  stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal'
  stopSequence?: string
  /** Wire counts: `input` is input_tokens, which excludes the cache reads and writes beside it. */
  usage: { input: number; output: number; cacheRead?: number; cacheWrite?: number }
  model?: string
}

const ANTHROPIC_ID = 'msg_01E2eE2eE2eE2eE2eE2eE2eE'

function anthropicUsage(usage: AnthropicAnswer['usage'], output: number): Record<string, unknown> {
  return { input_tokens: usage.input, cache_creation_input_tokens: usage.cacheWrite ?? 0, cache_read_input_tokens: usage.cacheRead ?? 0, output_tokens: output, service_tier: 'standard' }
}

export function anthropicMessage(answer: AnthropicAnswer): Record<string, unknown> {
  return {
    id: ANTHROPIC_ID,
    type: 'message',
    role: 'assistant',
    model: answer.model ?? 'claude-sonnet-4-5-20250929',
    content: answer.blocks,
    stop_reason: answer.stopReason,
    stop_sequence: answer.stopSequence ?? null,
    usage: anthropicUsage(answer.usage, answer.usage.output),
  }
}

export function anthropicEvents(answer: AnthropicAnswer): string[] {
  const event = (data: Record<string, unknown>): string => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`
  const out = [
    event({
      type: 'message_start',
      message: { ...anthropicMessage(answer), content: [], stop_reason: null, stop_sequence: null, usage: anthropicUsage(answer.usage, 1) },
    }),
    event({ type: 'ping' }),
  ]
  answer.blocks.forEach((block, index) => {
    if (block.type === 'text') {
      out.push(event({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }))
      for (const part of pieces(block.text, 5)) out.push(event({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: part } }))
    } else if (block.type === 'thinking') {
      out.push(event({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }))
      for (const part of pieces(block.thinking, 7)) out.push(event({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: part } }))
      out.push(event({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } }))
    } else {
      out.push(event({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }))
      out.push(event({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }))
      for (const part of pieces(JSON.stringify(block.input), 6)) {
        out.push(event({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } }))
      }
    }
    out.push(event({ type: 'content_block_stop', index }))
  })
  out.push(event({
    type: 'message_delta',
    delta: { stop_reason: answer.stopReason, stop_sequence: answer.stopSequence ?? null },
    // With prompt caching the final counts repeat input and cache (anthropic-prompt-cache-read.sse).
    usage: answer.usage.cacheRead === undefined && answer.usage.cacheWrite === undefined
      ? { output_tokens: answer.usage.output }
      : { ...anthropicUsage(answer.usage, answer.usage.output), service_tier: undefined },
  }))
  out.push(event({ type: 'message_stop' }))
  return out
}

// ---------------------------------------------------------------- replies

export function wantsStream(request: ReceivedRequest): boolean {
  return (request.json as { stream?: unknown } | undefined)?.stream === true
}

/** One scripted answer, streamed or whole as the bridge asked for it. */
export function openaiReply(answer: OpenAiAnswer): (request: ReceivedRequest) => MockReply {
  return (request) => (wantsStream(request) ? { chunks: openaiChunks(answer) } : { json: openaiCompletion(answer) })
}

export function anthropicReply(answer: AnthropicAnswer): (request: ReceivedRequest) => MockReply {
  return (request) => (wantsStream(request) ? { chunks: anthropicEvents(answer) } : { json: anthropicMessage(answer) })
}

/**
 * A recorded fixture pair: `json` for a whole answer, `stream` (a `.chunks.txt` or raw `.sse`
 * file) for a streamed one. Paths are relative to test/fixtures.
 */
export async function fixtureReply(files: { json: string; stream: string }): Promise<(request: ReceivedRequest) => MockReply> {
  const json: unknown = await Bun.file(`${FIXTURES}/${files.json}`).json()
  const text = await Bun.file(`${FIXTURES}/${files.stream}`).text()
  const style = files.stream.startsWith('anthropic') ? 'anthropic' : 'openai'
  const chunks = files.stream.endsWith('.chunks.txt') ? sseFromChunksFile(text, style) : [text]
  return (request) => (wantsStream(request) ? { chunks } : { json })
}

export async function readFixtureJson<T>(path: string): Promise<T> {
  return (await Bun.file(`${FIXTURES}/${path}`).json()) as T
}
