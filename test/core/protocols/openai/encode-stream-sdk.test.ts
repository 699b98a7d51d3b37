import { afterAll, describe, expect, test } from 'bun:test'
import { APIError } from 'openai'
import { BridgeError } from '../../../../src/core/errors.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { decodeOpenaiStream as decodeStreamBatches } from '../../../../src/core/protocols/openai/decode-stream.ts'
import { flattenBatches } from '../../../../src/core/stream/batches.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
const decodeStream = (body: AsyncIterable<Uint8Array>) => flattenBatches(decodeStreamBatches(body))
import { bytesOf, collectEvents, fixtureWireText } from './fixture-stream.ts'
import { CLIENT_MODEL, startSdkServer } from './sdk-server.ts'

const server = startSdkServer()
afterAll(() => server.stop())

/** What an Anthropic upstream decodes to: reasoning, text, then two tool calls streamed in pieces. */
const claudeToolTurn: StreamEvent[] = [
  { type: 'response-start', id: 'msg_01XyZ', model: 'claude-sonnet-4-5', created: 1741570000 },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Need the weather.' },
  { type: 'reasoning-signature', index: 0, signature: 'EqQBCkYIBxgCKkD' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Let me check ' },
  { type: 'text-delta', index: 1, text: 'the weather.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'toolu_01A', name: 'get_weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city": "Pa' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: 'ris"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'tool-call-start', index: 3, id: 'toolu_01B', name: 'get_time' },
  { type: 'tool-call-delta', index: 3, argumentsDelta: '{}' },
  { type: 'tool-call-end', index: 3 },
  { type: 'usage', usage: { inputTokens: 472, outputTokens: 10 } },
  { type: 'usage', usage: { outputTokens: 58, cacheReadTokens: 400 } },
  { type: 'response-end', finishReason: { kind: 'tool-calls', raw: 'tool_use', protocol: 'anthropic' } },
]

const params = { model: CLIENT_MODEL, messages: [{ role: 'user' as const, content: 'Weather in Paris?' }] }

describe('encode-stream output read by the official openai SDK', () => {
  test('stream iteration sees text, incremental tool calls, the finish reason and requested usage', async () => {
    server.answer({ kind: 'stream', events: claudeToolTurn })
    const stream = await server.client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } })
    let content = ''
    const argumentFragments: string[] = []
    const finishReasons: string[] = []
    const ids = new Set<string>()
    let usage: unknown
    for await (const chunk of stream) {
      ids.add(chunk.id)
      expect(chunk.model).toBe(CLIENT_MODEL)
      if (chunk.usage) usage = chunk.usage
      const choice = chunk.choices[0]
      if (choice === undefined) continue
      content += choice.delta.content ?? ''
      for (const call of choice.delta.tool_calls ?? []) if (call.function?.arguments) argumentFragments.push(`${call.index}:${call.function.arguments}`)
      if (choice.finish_reason) finishReasons.push(choice.finish_reason)
    }
    expect(ids.size).toBe(1)
    expect([...ids][0]?.startsWith('chatcmpl-')).toBe(true)
    expect(content).toBe('Let me check the weather.')
    expect(argumentFragments).toEqual(['0:{"city": "Pa', '0:ris"}', '1:{}'])
    expect(finishReasons).toEqual(['tool_calls'])
    expect(usage).toEqual({ prompt_tokens: 472, completion_tokens: 58, total_tokens: 530, prompt_tokens_details: { cached_tokens: 400 } })
  })

  test('no usage chunk when the client did not ask for it', async () => {
    server.answer({ kind: 'stream', events: claudeToolTurn })
    const stream = await server.client.chat.completions.create({ ...params, stream: true })
    const usages: unknown[] = []
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage)
    expect(usages).toEqual([])
  })

  test('the stream helper accumulates a final chat completion with both tool calls', async () => {
    server.answer({ kind: 'stream', events: claudeToolTurn })
    const completion = await server.client.chat.completions.stream({ ...params, stream_options: { include_usage: true } }).finalChatCompletion()
    const choice = completion.choices[0]
    expect(choice?.finish_reason).toBe('tool_calls')
    expect(choice?.message.content).toBe('Let me check the weather.')
    expect(choice?.message.tool_calls?.map((call) => (call.type === 'function' ? [call.id, call.function.name, call.function.arguments] : []))).toEqual([
      ['toolu_01A', 'get_weather', '{"city": "Paris"}'],
      ['toolu_01B', 'get_time', '{}'],
    ])
    expect(completion.usage?.completion_tokens).toBe(58)
  })

  test('reasoning streams as reasoning_content deltas', async () => {
    server.answer({ kind: 'stream', events: claudeToolTurn })
    const stream = await server.client.chat.completions.create({ ...params, stream: true })
    let reasoning = ''
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { reasoning_content?: string } | undefined
      reasoning += delta?.reasoning_content ?? ''
    }
    expect(reasoning).toBe('Need the weather.')
  })

  test('a mid-stream error makes the SDK throw with the upstream message', async () => {
    const error = new BridgeError({ kind: 'overloaded', code: 'UPSTREAM_ERROR', status: 503, message: 'Overloaded: try again' })
    server.answer({ kind: 'stream', events: [...claudeToolTurn.slice(0, 8), { type: 'error', error }] })
    const stream = await server.client.chat.completions.create({ ...params, stream: true })
    let content = ''
    const failure = await (async () => {
      try {
        for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? ''
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    expect(failure).toBeInstanceOf(APIError)
    expect((failure as APIError).message).toContain('Overloaded: try again')
    expect(content).toBe('Let me check the weather.')
  })

  test('a non-streaming answer parses with message content, reasoning_content, tool calls and usage', async () => {
    server.answer({
      kind: 'response',
      response: {
        id: 'msg_01',
        model: 'claude',
        content: [
          { type: 'reasoning', text: 'think', signature: 'sig' },
          { type: 'text', text: 'Hi' },
          { type: 'tool-call', id: 'toolu_1', name: 'f', arguments: '{"a":1}' },
        ],
        finishReason: { kind: 'length', raw: 'max_tokens', protocol: 'anthropic' },
        usage: { inputTokens: 10, outputTokens: 5, reasoningTokens: 2 },
      },
    })
    const completion = await server.client.chat.completions.create(params)
    expect(completion.id).toBe('chatcmpl-msg_01')
    expect(completion.model).toBe(CLIENT_MODEL)
    const message = completion.choices[0]?.message as { content: string | null; reasoning_content?: string; refusal: string | null }
    expect(message.content).toBe('Hi')
    expect(message.reasoning_content).toBe('think')
    expect(message.refusal).toBeNull()
    expect(completion.choices[0]?.finish_reason).toBe('length')
    expect(completion.usage).toEqual({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 2 } })
  })

  test('a recorded OpenRouter parallel tool stream relayed to an OpenAI client accumulates both calls', async () => {
    const events = await collectEvents(decodeStream(bytesOf(fixtureWireText('openrouter-reasoning-details-parallel-tools.sse'))))
    server.answer({ kind: 'stream', events })
    const completion = await server.client.chat.completions.stream(params).finalChatCompletion()
    const calls = completion.choices[0]?.message.tool_calls ?? []
    expect(calls.map((call) => (call.type === 'function' ? [call.function.name, JSON.parse(call.function.arguments)] : []))).toEqual([
      ['alpha', { value: 'red' }],
      ['beta', { value: 'blue' }],
    ])
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls')
  })
})
