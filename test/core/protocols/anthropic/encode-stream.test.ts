import { describe, expect, test } from 'bun:test'
import { APIError } from '@anthropic-ai/sdk'
import { BridgeError } from '../../../../src/core/errors.ts'
import { decodeSse } from '../../../../src/core/framing/sse-decoder.ts'
import { encodeAnthropicStream as encodeAnthropicStreamBatches } from '../../../../src/core/protocols/anthropic/encode-stream.ts'
import { eventsAsBatches } from '../../../../src/core/stream/batches.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
const encodeAnthropicStream = (events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>, context: EncodeContext) => encodeAnthropicStreamBatches(eventsAsBatches(events), context)
import { toAsync } from '../../../../src/core/stream/response-to-events.ts'
import { bytesOf, encodeContext, sdkFinalMessage, toArray, withSdk, type StreamEvent } from './support.ts'

type Wire = { event?: string; data: Record<string, unknown> & { type: string; index?: number } }

async function encode(events: StreamEvent[], context = encodeContext()): Promise<{ text: string; chunks: string[]; wire: Wire[] }> {
  const chunks = (await toArray(encodeAnthropicStream(toAsync(events), context))).map(String)
  const text = chunks.join('')
  const wire: Wire[] = []
  for await (const sse of decodeSse(bytesOf(text))) wire.push({ event: sse.event, data: JSON.parse(sse.data) as Wire['data'] })
  return { text, chunks, wire }
}

/** Asserts the Anthropic grammar: one message_start, contiguous indices, start → deltas → stop, one open block. */
function expectGrammar(wire: Wire[]): void {
  expect(wire.filter((item) => item.data.type === 'message_start')).toHaveLength(1)
  expect(wire[0]?.data.type).toBe('message_start')
  let open: number | undefined
  let next = 0
  for (const { event, data } of wire) {
    expect(event).toBe(data.type)
    if (data.type === 'content_block_start') {
      expect(open).toBeUndefined()
      expect(data.index).toBe(next++)
      open = data.index
    } else if (data.type === 'content_block_delta') expect(data.index).toBe(open)
    else if (data.type === 'content_block_stop') {
      expect(data.index).toBe(open)
      open = undefined
    }
  }
  expect(open).toBeUndefined()
  expect(wire.map((item) => item.data.type).slice(-2)).toEqual(['message_delta', 'message_stop'])
}

/** OpenAI-style parallel calls: fragments of calls 1 and 2 interleave, text is still open when they start. */
const INTERLEAVED: StreamEvent[] = [
  { type: 'response-start', id: 'chatcmpl-9', model: 'gpt-x' },
  { type: 'text-start', index: 0 },
  { type: 'text-delta', index: 0, text: 'Checking both.' },
  { type: 'tool-call-start', index: 1, id: 'call_a.1', name: 'weather' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":' },
  { type: 'tool-call-start', index: 2, id: 'call_b', name: 'time' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"zone":' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"CET"}' },
  { type: 'text-end', index: 0 },
  { type: 'tool-call-end', index: 1 },
  { type: 'tool-call-end', index: 2 },
  { type: 'usage', usage: { inputTokens: 120, cacheReadTokens: 100, outputTokens: 18 } },
  { type: 'response-end', finishReason: { kind: 'tool-calls', raw: 'tool_calls', protocol: 'openai' } },
]

describe('encode-stream (canonical → Anthropic SSE)', () => {
  test('interleaved parallel tool calls keep the wire grammar and every argument', async () => {
    const { wire } = await encode(INTERLEAVED)
    expectGrammar(wire)
    const starts = wire.filter((item) => item.data.type === 'content_block_start').map((item) => item.data.content_block)
    expect(starts).toEqual([
      { type: 'text', text: '' },
      { type: 'tool_use', id: 'call_a_1', name: 'weather', input: {} },
      { type: 'tool_use', id: 'call_b', name: 'time', input: {} },
    ])
    const argumentsOf = (index: number) =>
      wire.filter((item) => item.data.type === 'content_block_delta' && item.data.index === index)
        .map((item) => (item.data.delta as { partial_json: string }).partial_json).join('')
    expect(argumentsOf(1)).toBe('{"city":"Paris"}')
    expect(argumentsOf(2)).toBe('{"zone":"CET"}')
    const messageDelta = wire.at(-2)!.data
    expect(messageDelta.delta).toEqual({ stop_reason: 'tool_use', stop_sequence: null })
    expect(messageDelta.usage).toMatchObject({ input_tokens: 20, cache_read_input_tokens: 100, output_tokens: 18 })
  })

  test('the official SDK accumulates the encoded stream into the right message', async () => {
    const { text } = await encode(INTERLEAVED)
    const message = await withSdk(text, {}, (client) => sdkFinalMessage(client))
    expect(message.model).toBe('claude-client-model')
    expect(message.id.startsWith('msg_')).toBe(true)
    expect(message.content).toMatchObject([
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_a_1', name: 'weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'time', input: { zone: 'CET' } },
    ])
    expect(message.stop_reason).toBe('tool_use')
    expect(message.usage.output_tokens).toBe(18)
  })

  test('streamed tool arguments are forwarded incrementally, not at block end', async () => {
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '1}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'tool-calls' } },
    ]
    const chunks = (await toArray(encodeAnthropicStream(toAsync(events), encodeContext()))).map(String)
    // One output chunk per input event: the first fragment is on the wire before the second arrives.
    expect(chunks.some((chunk) => chunk.includes('input_json_delta') && chunk.includes('{\\"a\\":') && !chunk.includes('1}'))).toBe(true)
  })

  test('tool_use with no arguments gets {} on the wire, never ""', async () => {
    const { text, wire } = await encode([
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'noargs' },
      { type: 'tool-call-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'stop' } },
    ])
    expectGrammar(wire)
    const message = await withSdk(text, {}, (client) => sdkFinalMessage(client))
    expect(message.content).toMatchObject([{ type: 'tool_use', input: {} }])
    expect(message.stop_reason).toBe('tool_use')
  })

  test('thinking gets thinking_delta then one signature_delta before its stop', async () => {
    const { text, wire } = await encode([
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Let me think.' },
      { type: 'reasoning-signature', index: 0, signature: 'lbr1.sig' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'Answer' },
      { type: 'text-end', index: 1 },
      { type: 'response-end', finishReason: { kind: 'stop' } },
    ])
    expectGrammar(wire)
    const kinds = wire.slice(1, 5).map((item) => (item.data.delta as { type?: string } | undefined)?.type ?? item.data.type)
    expect(kinds).toEqual(['content_block_start', 'thinking_delta', 'signature_delta', 'content_block_stop'])
    const message = await withSdk(text, {}, (client) => sdkFinalMessage(client))
    expect(message.content).toMatchObject([{ type: 'thinking', thinking: 'Let me think.', signature: 'lbr1.sig' }, { type: 'text', text: 'Answer' }])
  })

  test('text after a tool call starts continues in a new text block', async () => {
    const { wire } = await encode([
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'a' },
      { type: 'tool-call-start', index: 1, id: 'c', name: 'f' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
      { type: 'tool-call-end', index: 1 },
      { type: 'text-delta', index: 0, text: 'b' },
      { type: 'text-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'tool-calls' } },
    ])
    expectGrammar(wire)
    const texts = wire.flatMap((item) => ((item.data.delta as { text?: string } | undefined)?.text ?? []))
    expect(texts).toEqual(['a', 'b'])
  })

  test('message_start carries input tokens when the upstream already reported them', async () => {
    const { wire } = await encode([
      { type: 'response-start', id: 'msg_1', model: 'm', usage: { inputTokens: 50, outputTokens: 1 } },
      { type: 'text-start', index: 0 },
      { type: 'text-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'length' } },
    ])
    expect((wire[0]!.data.message as { usage: { input_tokens: number } }).usage.input_tokens).toBe(50)
    expect(wire.at(-2)!.data.delta).toEqual({ stop_reason: 'max_tokens', stop_sequence: null })
  })

  test('message_start is never held back waiting for content: it is the first frame out on response-start', async () => {
    async function* upstreamThatWaits(): AsyncGenerator<StreamEvent> {
      yield { type: 'response-start', id: 'chatcmpl-1', model: 'u' }
      await new Promise(() => {}) // the upstream's next chunk never comes
    }
    const first = await encodeAnthropicStream(upstreamThatWaits(), encodeContext()).next()
    expect(first.value).toStartWith('event: message_start\n')
  })

  test('an error event ends the stream with event: error and no message_stop; the SDK raises it', async () => {
    const error = new BridgeError({ kind: 'overloaded', code: 'UPSTREAM_ERROR', status: 503, message: 'upstream overloaded' })
    const { text, wire } = await encode([
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'partial' },
      { type: 'error', error },
    ])
    expect(wire.at(-1)).toEqual({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'upstream overloaded' } } })
    expect(wire.some((item) => item.data.type === 'message_stop')).toBe(false)
    const raised = await withSdk(text, {}, (client) => sdkFinalMessage(client).catch((caught: unknown) => caught))
    expect(raised).toBeInstanceOf(APIError)
    expect((raised as APIError).message).toContain('upstream overloaded')
  })

  test('tool arguments that are not JSON are still forwarded, with a warning', async () => {
    const context = encodeContext()
    const { wire } = await encode([
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'c', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":' },
      { type: 'tool-call-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'tool-calls' } },
    ], context)
    expect(wire.some((item) => (item.data.delta as { partial_json?: string } | undefined)?.partial_json === '{"a":')).toBe(true)
    expect(context.warnings.items.map((item) => item.code)).toContain('invalid-tool-arguments')
  })
})
