/**
 * The client-stream grammar checks: every stream the encoders produce from the recorded upstream
 * fixtures passes, and each rule catches the broken stream it exists for.
 */
import { describe, expect, test } from 'bun:test'
import { WarningSink } from '../../../src/core/model/index.ts'
import { decodeAnthropicStream as decodeAnthropicStreamBatches } from '../../../src/core/protocols/anthropic/decode-stream.ts'
import { eventsAsBatches, flattenBatches } from '../../../src/core/stream/batches.ts'
import type { StreamEvent } from '../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../src/core/protocols/codec.ts'
const decodeAnthropicStream = (body: AsyncIterable<Uint8Array>) => flattenBatches(decodeAnthropicStreamBatches(body))
import { encodeAnthropicStream as encodeAnthropicStreamBatches } from '../../../src/core/protocols/anthropic/encode-stream.ts'
const encodeAnthropicStream = (events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>, context: EncodeContext) => encodeAnthropicStreamBatches(eventsAsBatches(events), context)
import { decodeOpenaiStream as decodeOpenaiStreamBatches } from '../../../src/core/protocols/openai/decode-stream.ts'
const decodeOpenaiStream = (body: AsyncIterable<Uint8Array>) => flattenBatches(decodeOpenaiStreamBatches(body))
import { encodeOpenaiStream as encodeOpenaiStreamBatches } from '../../../src/core/protocols/openai/encode-stream.ts'
const encodeOpenaiStream = (events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>, context: EncodeContext) => encodeOpenaiStreamBatches(eventsAsBatches(events), context)
import { checkAnthropicGrammar, checkAnthropicSse } from '../../../src/core/protocols/anthropic/check-stream-grammar.ts'
import { checkOpenaiGrammar, checkOpenaiSse } from '../../../src/core/protocols/openai/check-stream-grammar.ts'
import { MAX_REPORTED_VIOLATIONS, watchClientGrammar } from '../../../src/core/stream/watch-client-grammar.ts'
import { anthropicCodec } from '../../../src/core/protocols/anthropic/index.ts'
import { openaiCodec } from '../../../src/core/protocols/openai/index.ts'
import { fixtureWire, streamFixtures } from '../protocols/anthropic/support.ts'
import { bytesOf, fixtureWireText, streamFixtureNames } from '../protocols/openai/fixture-stream.ts'

const sse = (type: string, data: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`
const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`
const usageChunk = `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } })}\n\n`
const DONE = 'data: [DONE]\n\n'

const START = sse('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], usage: { input_tokens: 1, output_tokens: 0 } } })
const END = sse('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } }) + sse('message_stop', {})
const textBlock = (index: number): string =>
  sse('content_block_start', { index, content_block: { type: 'text', text: '' } }) +
  sse('content_block_delta', { index, delta: { type: 'text_delta', text: 'hi' } }) + sse('content_block_stop', { index })

function context(includeUsage: boolean): EncodeContext {
  const openai = includeUsage ? { stream_options: { include_usage: true } } : {}
  return { upstreamModel: 'u', clientModel: 'client-model', warnings: new WarningSink(), clientRequest: { model: 'c', system: [], messages: [], tools: [], stream: true, extensions: { openai } } }
}

async function text(chunks: AsyncIterable<string | Uint8Array>): Promise<string> {
  // One streaming decoder: a character split across chunks must not become U+FFFD (LESSONS #22).
  const decoder = new TextDecoder()
  let out = ''
  for await (const piece of chunks) out += typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true })
  return out + decoder.decode()
}

describe('Anthropic client grammar', () => {
  test.each(streamFixtures())('the bridge re-encoding %s keeps the grammar', async (name) => {
    expect(checkAnthropicSse(await text(encodeAnthropicStream(decodeAnthropicStream(bytesOf(fixtureWire(name))), context(false))))).toEqual([])
  })

  test.each(streamFixtureNames())('an OpenAI upstream %s translated for an Anthropic client keeps the grammar', async (name) => {
    expect(checkAnthropicSse(await text(encodeAnthropicStream(decodeOpenaiStream(bytesOf(fixtureWireText(name))), context(false))))).toEqual([])
  })

  test('a well-formed stream, and one that ends in an error event mid-block, pass', () => {
    expect(checkAnthropicSse(START + textBlock(0) + END)).toEqual([])
    expect(checkAnthropicSse(START + sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) + sse('error', { error: { type: 'api_error', message: 'x' } }))).toEqual([])
  })

  test.each([
    ['a second message_start', START + START + END, 'a second message_start'],
    ['the first block at index 1 (y-router)', START + textBlock(1) + END, 'index 1, expected 0'],
    ['a delta before its block starts', START + sse('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'x' } }) + END, 'not open'],
    ['two blocks open at once', START + sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) + textBlock(1) + END, 'still open'],
    ['an input_json_delta in a text block', START + sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) + sse('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{}' } }) + sse('content_block_stop', { index: 0 }) + END, 'input_json_delta in a text block'],
    ['truncated tool arguments', START + sse('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 't', name: 'n', input: {} } }) + sse('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{"a":' } }) + sse('content_block_stop', { index: 0 }) + END, 'not valid JSON'],
    ['message_stop without message_delta', START + textBlock(0) + sse('message_stop', {}), 'without message_delta'],
    ['no usage in message_delta', START + sse('message_delta', { delta: { stop_reason: 'end_turn' } }) + sse('message_stop', {}), 'no usage.output_tokens'],
    ['events after message_stop', START + END + textBlock(0), 'after message_stop'],
    ['a stream that just stops', START + textBlock(0), 'does not end'],
    ['an event name that differs from the data type', START.replace('event: message_start', 'event: ping') + END, 'SSE event name is ping'],
  ])('catches %s', (_name, wire, expected) => {
    expect(checkAnthropicSse(wire).join('\n')).toContain(expected)
  })

  test('works on parsed SDK events too', () => {
    const events = [{ type: 'message_start', message: {} }, { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1 } }, { type: 'message_stop' }]
    expect(checkAnthropicGrammar(events)).toEqual([])
    expect(checkAnthropicGrammar(events.slice(1))).not.toEqual([])
  })
})

describe('OpenAI client grammar', () => {
  test.each(streamFixtureNames())('the bridge re-encoding %s keeps the grammar, with and without the usage chunk', async (name) => {
    for (const includeUsage of [true, false]) {
      const wire = await text(encodeOpenaiStream(decodeOpenaiStream(bytesOf(fixtureWireText(name))), context(includeUsage)))
      expect(checkOpenaiSse(wire, { includeUsage })).toEqual([])
    }
  })

  test.each(streamFixtures())('an Anthropic upstream %s translated for an OpenAI client keeps the grammar', async (name) => {
    const wire = await text(encodeOpenaiStream(decodeAnthropicStream(bytesOf(fixtureWire(name))), context(true)))
    expect(checkOpenaiSse(wire, { includeUsage: true })).toEqual([])
  })

  const tool = (index: number, id?: string, args = ''): Record<string, unknown> => ({ tool_calls: [{ index, ...(id ? { id, type: 'function', function: { name: 'f', arguments: args } } : { function: { arguments: args } }) }] })

  test.each([
    ['an id that changes', chunk({ role: 'assistant' }) + chunk({ content: 'x' }, null, { id: 'other' }) + chunk({}, 'stop') + DONE, 'id other differs'],
    ['tool indices that start at 1', chunk(tool(1, 'call_a', '{}')) + chunk({}, 'tool_calls') + DONE, 'tool index 1, expected 0'],
    ['a tool call that starts without its name', chunk(tool(0, undefined, '{}')) + chunk({}, 'tool_calls') + DONE, 'starts without id'],
    ['truncated arguments', chunk(tool(0, 'call_a', '{"x":')) + chunk({}, 'tool_calls') + DONE, 'arguments are not valid JSON'],
    ['two finish chunks', chunk({ content: 'x' }) + chunk({}, 'stop') + chunk({}, 'stop') + DONE, 'after the finish chunk'],
    ['no finish before [DONE]', chunk({ content: 'x' }) + DONE, '[DONE] before a finish_reason'],
    ['an invented finish_reason', chunk({}, 'end_turn') + DONE, 'finish_reason end_turn'],
    ['a missing [DONE]', chunk({}, 'stop'), 'does not end with [DONE]'],
    ['[DONE] after an error payload', chunk({ content: 'x' }) + `data: {"error":{"message":"x"}}\n\n` + DONE, 'after error'],
  ])('catches %s', (_name, wire, expected) => {
    expect(checkOpenaiSse(wire, { includeUsage: false }).join('\n')).toContain(expected)
  })

  test('the usage chunk: required when asked for, after the finish, and only then', () => {
    expect(checkOpenaiSse(chunk({ content: 'x' }) + chunk({}, 'stop') + usageChunk + DONE, { includeUsage: true })).toEqual([])
    expect(checkOpenaiSse(chunk({ content: 'x' }) + chunk({}, 'stop') + DONE, { includeUsage: true }).join()).toContain('no usage chunk')
    expect(checkOpenaiSse(usageChunk + chunk({}, 'stop') + DONE, { includeUsage: true }).join()).toContain('before the finish chunk')
    expect(checkOpenaiSse(chunk({}, 'stop') + usageChunk + DONE, { includeUsage: false }).join()).toContain('did not ask')
  })

  test('an error payload mid-stream is a legal end', () => {
    expect(checkOpenaiSse(chunk({ content: 'x' }) + `data: {"error":{"message":"x"}}\n\n`, { includeUsage: true })).toEqual([])
  })

  test('works on parsed SDK chunks (the SDK drops [DONE])', () => {
    const parsed = [chunk({ content: 'x' }), chunk({}, 'stop')].map((line) => JSON.parse(line.slice(6)) as unknown)
    expect(checkOpenaiGrammar(parsed, { includeUsage: false })).toEqual([])
  })
})

describe('watchClientGrammar (the runtime guard)', () => {
  async function* split(wire: string, size: number): AsyncGenerator<Uint8Array> {
    const bytes = new TextEncoder().encode(wire)
    for (let offset = 0; offset < bytes.length; offset += size) yield bytes.slice(offset, offset + size)
  }

  test('passes every chunk through unchanged and reports nothing for a good stream, however it is chunked', async () => {
    const wire = START + textBlock(0).replace('"hi"', '"héllo 🌍"') + END
    for (const size of [1, 3, 7, 1000]) {
      const reports: string[] = []
      const out = await text(watchClientGrammar(split(wire, size), anthropicCodec.stream.grammarCheck!(grammarContext()), (v) => reports.push(v)))
      expect(out).toBe(wire)
      expect(reports).toEqual([])
    }
  })

  test('reports a violation when it happens, and the missing end when the stream finishes', async () => {
    const reports: string[] = []
    const seenBefore: number[] = []
    const check = anthropicCodec.stream.grammarCheck!(grammarContext())
    for await (const _piece of watchClientGrammar(split(START + textBlock(1), 10_000), check, (v) => reports.push(v))) seenBefore.push(reports.length)
    expect(seenBefore).toEqual([1])
    expect(reports).toEqual(['event 1 (content_block_start): index 1, expected 0', 'the stream does not end with message_stop or error'])
  })

  test('a broken stream reports at most MAX_REPORTED_VIOLATIONS', async () => {
    const reports: string[] = []
    const wire = Array.from({ length: 50 }, () => chunk({}, 'bogus')).join('')
    await text(watchClientGrammar(split(wire, 10_000), openaiCodec.stream.grammarCheck!(grammarContext()), (v) => reports.push(v)))
    expect(reports).toHaveLength(MAX_REPORTED_VIOLATIONS)
  })
})

function grammarContext(): EncodeContext {
  return { upstreamModel: 'm', clientModel: 'm', warnings: new WarningSink() }
}
