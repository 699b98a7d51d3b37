import { describe, expect, test } from 'bun:test'
import { decodeAnthropicStream as decodeAnthropicStreamBatches } from '../../../../src/core/protocols/anthropic/decode-stream.ts'
import { flattenBatches } from '../../../../src/core/stream/batches.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
const decodeAnthropicStream = (body: AsyncIterable<Uint8Array>) => flattenBatches(decodeAnthropicStreamBatches(body))
import { collectStream } from '../../../../src/core/stream/collect-stream.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { toAsync } from '../../../../src/core/stream/response-to-events.ts'
import { bytesOf, fixtureWire, toArray, type StreamEvent } from './support.ts'

const decode = (...chunks: string[]) => toArray(decodeAnthropicStream(bytesOf(...chunks)))
const sse = (payload: Record<string, unknown>) => `event: ${String(payload.type)}\ndata: ${JSON.stringify(payload)}\n\n`
const START = sse({ type: 'message_start', message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 10, output_tokens: 1 } } })

describe('Anthropic stream quirks', () => {
  test('tool_use with no arguments yields {} not an empty string', async () => {
    const response = await collectStream(decodeAnthropicStream(bytesOf(fixtureWire('anthropic-tool-no-args.chunks.txt'))))
    const call = response.content.find((part) => part.type === 'tool-call')
    expect(call?.type === 'tool-call' && call.arguments).toBe('{}')
  })

  test('server-tool and mcp blocks are skipped without leaving holes in canonical indices', async () => {
    for (const name of ['anthropic-mcp-connector.chunks.txt', 'anthropic-web-search-citations.chunks.txt', 'anthropic-code-execution-cache-write.chunks.txt']) {
      const events = await decode(fixtureWire(name))
      const starts = events.flatMap((event) => (event.type.endsWith('-start') && 'index' in event ? [event.index] : []))
      expect(starts).toEqual(starts.map((_, position) => position))
      expect(starts.length).toBeGreaterThan(0)
    }
  })

  test('final usage comes from message_delta, not message_start', async () => {
    const response = await collectStream(decodeAnthropicStream(bytesOf(fixtureWire('anthropic-code-execution-cache-write.chunks.txt'))))
    // message_delta: write 3337 / read 6289 (message_start said 3068 / 0).
    expect(response.usage?.cacheWriteTokens).toBe(3337)
    expect(response.usage?.cacheReadTokens).toBe(6289)
  })

  test('cache reads are counted inside canonical input tokens', async () => {
    const response = await collectStream(decodeAnthropicStream(bytesOf(fixtureWire('anthropic-prompt-cache-read.sse'))))
    expect(response.usage?.cacheReadTokens).toBe(4562)
    expect(response.usage?.inputTokens).toBeGreaterThan(4562)
  })

  test('reasoning tokens come from output_tokens_details.thinking_tokens', async () => {
    const response = await collectStream(decodeAnthropicStream(bytesOf(fixtureWire('anthropic-thinking-max-tokens.sse'))))
    expect(response.usage?.reasoningTokens).toBe(25)
    expect(response.finishReason).toMatchObject({ kind: 'length', raw: 'max_tokens', protocol: 'anthropic' })
  })

  test('a stop sequence keeps the matched sequence', async () => {
    const response = await collectStream(decodeAnthropicStream(bytesOf(fixtureWire('anthropic-stop-sequence.sse'))))
    expect(response.finishReason).toMatchObject({ kind: 'stop-sequence', stopSequence: 'charlie' })
  })

  test('a signature-only thinking block is kept with its signature', async () => {
    const response = await collectStream(decodeAnthropicStream(bytesOf(fixtureWire('anthropic-adaptive-thinking-signature-only.sse'))))
    expect(response.content[0]).toEqual({ type: 'reasoning', text: '', signature: 'signature_REDACTED_2' })
  })

  test('redacted thinking keeps its data from content_block_start', async () => {
    const response = await collectStream(decodeAnthropicStream(bytesOf(fixtureWire('anthropic-redacted-thinking.sse'))))
    expect(response.content.slice(0, 2)).toEqual([
      { type: 'reasoning', text: '', redactedData: 'redacted_thinking_REDACTED_1' },
      { type: 'reasoning', text: '', redactedData: 'redacted_thinking_REDACTED_2' },
    ])
  })

  test('OpenRouter [DONE] after message_stop does not end the stream in an error', async () => {
    const events = await decode(fixtureWire('openrouter-messages-endpoint.sse'))
    expect(events.at(-1)?.type).toBe('response-end')
    expect(events.some((event) => event.type === 'error')).toBe(false)
  })

  test('event: error mid-stream becomes a canonical error event with the upstream type', async () => {
    const events = await decode(START, sse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }))
    const last = events.at(-1) as Extract<StreamEvent, { type: 'error' }>
    expect(last.type).toBe('error')
    expect(last.error.kind).toBe('overloaded')
    expect(last.error.message).toBe('Overloaded')
    expect(findStreamViolations(events)).toEqual([])
  })

  test('invalid JSON in an event ends with an error event instead of throwing', async () => {
    const events = await decode(START, 'event: content_block_start\ndata: {"type":"content_block_st\n\n')
    expect(events.at(-1)?.type).toBe('error')
  })

  test('unknown event types and ping are skipped', async () => {
    const events = await decode(
      START,
      sse({ type: 'ping' }),
      sse({ type: 'future_event', anything: 1 }),
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      sse({ type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: { type: 'char_location' } } }),
      sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } }),
      sse({ type: 'content_block_stop', index: 0 }),
      sse({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } }),
      sse({ type: 'message_stop' }),
    )
    expect(findStreamViolations(events)).toEqual([])
    expect((await collectStream(toAsync(events))).content).toEqual([{ type: 'text', text: 'ok' }])
  })

  test('a stream cut before message_stop ends with an error, not a silent success', async () => {
    const events = await decode(START, sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }))
    expect(events.at(-1)?.type).toBe('error')
  })

  test('duplicate message_start is ignored', async () => {
    const events = await decode(START, START, sse({ type: 'message_stop' }))
    expect(events.filter((event) => event.type === 'response-start')).toHaveLength(1)
  })
})
