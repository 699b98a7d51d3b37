/**
 * LESSONS.md rows about streams between Anthropic Messages and OpenAI Chat, each proven through
 * the real proxy handler against a mock upstream replaying recorded provider streams.
 * @see ../../../shared/LESSONS.md
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readdirSync } from 'node:fs'
import { checkAnthropicSse } from '../../src/core/protocols/anthropic/check-stream-grammar.ts'
import { checkOpenaiSse } from '../../src/core/protocols/openai/check-stream-grammar.ts'
import { fixtureSse, type LessonBridge, openaiSse, ssePayloads, startLessonBridge } from './support.ts'

let toOpenai: LessonBridge
let toAnthropic: LessonBridge
beforeAll(async () => {
  toOpenai = await startLessonBridge('anthropic→openai')
  toAnthropic = await startLessonBridge('openai→anthropic')
})
afterAll(() => {
  toOpenai.stop()
  toAnthropic.stop()
})

const anthropicAsk = (extra: Record<string, unknown> = {}) => ({ model: 'gpt-4.1', max_tokens: 300, stream: true, messages: [{ role: 'user', content: 'go' }], ...extra })
const openaiAsk = (extra: Record<string, unknown> = {}) => ({ model: 'claude-sonnet-4-5', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'go' }], ...extra })

type Delta = { type: string; partial_json?: string }

describe('LESSONS #1: streamed tool calls arrive empty or truncated; the agent stops after its first step', () => {
  test('OpenAI upstream → Anthropic client: every argument fragment is forwarded as its own input_json_delta, per call, and each call parses', async () => {
    const upstreamSse = await fixtureSse('openai-chat/openai-parallel-tool-calls.sse')
    toOpenai.reply({ chunks: [upstreamSse] })
    const wire = await (await toOpenai.post('v1/messages', anthropicAsk())).text()
    const fragments = ssePayloads(upstreamSse).flatMap((chunk) => ((chunk.choices as Array<{ delta?: { tool_calls?: Array<{ function?: { arguments?: string } }> } }>)[0]?.delta?.tool_calls ?? []))
      .map((call) => call.function?.arguments ?? '').filter((args) => args !== '')
    const deltas = ssePayloads(wire).filter((event) => event.type === 'content_block_delta').map((event) => event.delta as Delta).filter((delta) => delta.type === 'input_json_delta')
    expect(fragments.length).toBeGreaterThan(1)
    expect(deltas.map((delta) => delta.partial_json)).toEqual(fragments)
    expect(checkAnthropicSse(wire)).toEqual([]) // includes: each tool input parses at content_block_stop
  })

  test("Groq's \"null\" arguments for argument-less tools become {} instead of an unparsable input", async () => {
    toOpenai.reply({ chunks: [await fixtureSse('openai-chat/groq-parallel-tool-calls-null-args.sse')] })
    const wire = await (await toOpenai.post('v1/messages', anthropicAsk())).text()
    const inputs = ssePayloads(wire).filter((event) => event.type === 'content_block_delta').map((event) => (event.delta as Delta).partial_json).filter(Boolean)
    expect(inputs.length).toBeGreaterThan(0)
    expect(checkAnthropicSse(wire)).toEqual([])
    expect(wire).not.toContain('"partial_json":"null"')
  })

  test('Anthropic upstream → OpenAI client: input_json_delta fragments stream as function.arguments deltas per tool index', async () => {
    const upstreamSse = await fixtureSse('anthropic-messages/anthropic-text-then-tool-use.chunks.txt')
    toAnthropic.reply({ chunks: [upstreamSse] })
    const wire = await (await toAnthropic.post('v1/chat/completions', openaiAsk())).text()
    const fragments = ssePayloads(upstreamSse).filter((event) => event.type === 'content_block_delta').map((event) => event.delta as Delta)
      .filter((delta) => delta.type === 'input_json_delta' && delta.partial_json !== '').map((delta) => delta.partial_json ?? '')
    const sent = ssePayloads(wire).flatMap((chunk) => ((chunk.choices as Array<{ delta: { tool_calls?: Array<{ function: { arguments?: string } }> } }>)[0]?.delta.tool_calls ?? []))
      .map((call) => call.function.arguments ?? '').filter((args) => args !== '')
    expect(fragments.length).toBeGreaterThan(1)
    expect(sent).toEqual(fragments)
    expect(checkOpenaiSse(wire, { includeUsage: true })).toEqual([])
  })
})

describe('LESSONS #2: Anthropic stream grammar broken (duplicate or non-contiguous indices, delta before start); the SDK throws', () => {
  const fixtures = readdirSync(`${import.meta.dir}/../fixtures/openai-chat`).filter((name) => /\.(sse|chunks\.txt)$/.test(name)).sort()
  test.each(fixtures)('every recorded OpenAI-compatible stream (%s) reaches an Anthropic client in grammar', async (name) => {
    toOpenai.reply({ chunks: [await fixtureSse(`openai-chat/${name}`)] })
    expect(checkAnthropicSse(await (await toOpenai.post('v1/messages', anthropicAsk())).text())).toEqual([])
  })

  test('a gateway whose tool indices start at 1 (y-router) still yields blocks 0, 1, … in order', async () => {
    toOpenai.reply({ chunks: [await fixtureSse('openai-chat/gateway-anthropic-fallback-tool-index-1.sse')] })
    const starts = ssePayloads(await (await toOpenai.post('v1/messages', anthropicAsk())).text()).filter((event) => event.type === 'content_block_start')
    expect(starts.map((event) => event.index)).toEqual(starts.map((_, position) => position))
  })

  test('interleaved parallel tool-call fragments are never emitted into a closed or not-yet-started block', async () => {
    toOpenai.reply({ chunks: [openaiSse([
      { choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'a', arguments: '{"x":' } }] }, finish_reason: null }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'b', arguments: '{"y":' } }] }, finish_reason: null }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] }, finish_reason: null }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 1, function: { arguments: '2}' } }] }, finish_reason: 'tool_calls' }] },
    ])] })
    const wire = await (await toOpenai.post('v1/messages', anthropicAsk())).text()
    expect(checkAnthropicSse(wire)).toEqual([])
    const json = ssePayloads(wire).filter((event) => event.type === 'content_block_delta').map((event) => ({ index: event.index, json: (event.delta as Delta).partial_json }))
    expect(json).toEqual([{ index: 0, json: '{"x":' }, { index: 0, json: '1}' }, { index: 1, json: '{"y":' }, { index: 1, json: '2}' }])
  })
})

describe('LESSONS #10: usage zero or missing in streams; context meters and cost tracking break', () => {
  test('the bridge asks the OpenAI upstream for stream usage and reports it (cache reads split out) in message_delta', async () => {
    toOpenai.reply({ chunks: [await fixtureSse('openai-chat/openai-cached-tokens.sse')] })
    const wire = await (await toOpenai.post('v1/messages', anthropicAsk())).text()
    expect(toOpenai.lastUpstreamBody().stream_options).toEqual({ include_usage: true })
    const upstreamUsage = ssePayloads(await fixtureSse('openai-chat/openai-cached-tokens.sse')).map((chunk) => chunk.usage).filter(Boolean).at(-1) as { prompt_tokens: number; completion_tokens: number; prompt_tokens_details: { cached_tokens: number } }
    const delta = ssePayloads(wire).find((event) => event.type === 'message_delta')!
    expect(delta.usage).toMatchObject({
      input_tokens: upstreamUsage.prompt_tokens - upstreamUsage.prompt_tokens_details.cached_tokens,
      cache_read_input_tokens: upstreamUsage.prompt_tokens_details.cached_tokens,
      output_tokens: upstreamUsage.completion_tokens,
    })
    expect((await toOpenai.lastRow()).usage).toMatchObject({ inputTokens: upstreamUsage.prompt_tokens, outputTokens: upstreamUsage.completion_tokens })
  })

  test('an upstream that sends no usage gets 0, never invented numbers', async () => {
    toOpenai.reply({ chunks: [openaiSse([{ choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] }])] })
    const delta = ssePayloads(await (await toOpenai.post('v1/messages', anthropicAsk())).text()).find((event) => event.type === 'message_delta')!
    expect(delta.usage).toMatchObject({ input_tokens: 0, output_tokens: 0 })
  })

  test('Anthropic upstream → OpenAI client: input tokens from message_start and output from message_delta land in the usage chunk', async () => {
    toAnthropic.reply({ chunks: [await fixtureSse('anthropic-messages/anthropic-prompt-cache-read.sse')] })
    const chunks = ssePayloads(await (await toAnthropic.post('v1/chat/completions', openaiAsk())).text())
    const events = ssePayloads(await fixtureSse('anthropic-messages/anthropic-prompt-cache-read.sse'))
    const start = (events.find((event) => event.type === 'message_start')!.message as { usage: Record<string, number> }).usage
    const final = events.find((event) => event.type === 'message_delta')!.usage as Record<string, number>
    const usage = chunks.at(-1)!.usage as { prompt_tokens: number; completion_tokens: number; prompt_tokens_details: { cached_tokens: number } }
    expect(usage.prompt_tokens).toBe(start.input_tokens! + start.cache_read_input_tokens! + start.cache_creation_input_tokens!)
    expect(usage.prompt_tokens_details.cached_tokens).toBe(start.cache_read_input_tokens!)
    expect(usage.completion_tokens).toBe(final.output_tokens!)
  })
})

describe('LESSONS #11: finish_reason length reported as end_turn — truncation is invisible', () => {
  const completion = (finish: string, toolCalls = false) => ({
    id: 'chatcmpl-x', object: 'chat.completion', created: 1, model: 'm',
    choices: [{ index: 0, finish_reason: finish, message: { role: 'assistant', content: 'x', ...(toolCalls ? { tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] } : {}) } }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  })
  test.each([['stop', 'end_turn'], ['length', 'max_tokens'], ['tool_calls', 'tool_use'], ['content_filter', 'refusal']])('OpenAI %s → Anthropic %s', async (finish, stopReason) => {
    toOpenai.reply({ json: completion(finish, finish === 'tool_calls') })
    const message = (await (await toOpenai.post('v1/messages', anthropicAsk({ stream: false }))).json()) as { stop_reason: string }
    expect(message.stop_reason).toBe(stopReason)
  })

  const message = (stopReason: string, stopSequence: string | null = null) => ({
    id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', stop_reason: stopReason, stop_sequence: stopSequence,
    content: stopReason === 'tool_use' ? [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }] : [{ type: 'text', text: 'x' }],
    usage: { input_tokens: 1, output_tokens: 1 },
  })
  test.each([['end_turn', 'stop'], ['max_tokens', 'length'], ['tool_use', 'tool_calls'], ['refusal', 'content_filter'], ['stop_sequence', 'stop']])('Anthropic %s → OpenAI %s', async (stopReason, finish) => {
    toAnthropic.reply({ json: message(stopReason, stopReason === 'stop_sequence' ? 'END' : null) })
    const completionBody = (await (await toAnthropic.post('v1/chat/completions', openaiAsk({ stream: false, stream_options: undefined }))).json()) as { choices: Array<{ finish_reason: string }> }
    expect(completionBody.choices[0]!.finish_reason).toBe(finish)
  })

  test('streamed: an OpenAI length finish becomes stop_reason max_tokens in message_delta', async () => {
    toOpenai.reply({ chunks: [openaiSse([{ choices: [{ index: 0, delta: { content: 'Once upon a' }, finish_reason: 'length' }] }])] })
    const delta = ssePayloads(await (await toOpenai.post('v1/messages', anthropicAsk())).text()).find((event) => event.type === 'message_delta')!
    expect(delta.delta).toMatchObject({ stop_reason: 'max_tokens' })
  })
})
