/**
 * Every recorded Anthropic stream through decode-stream: the canonical invariants hold, and the
 * collected answer equals what the official SDK's own accumulator makes of the same bytes.
 */
import { describe, expect, test } from 'bun:test'
import type { Message } from '@anthropic-ai/sdk/resources/messages'
import { decodeAnthropicStream as decodeAnthropicStreamBatches } from '../../../../src/core/protocols/anthropic/decode-stream.ts'
import { eventsAsBatches, flattenBatches } from '../../../../src/core/stream/batches.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
const decodeAnthropicStream = (body: AsyncIterable<Uint8Array>) => flattenBatches(decodeAnthropicStreamBatches(body))
import { encodeAnthropicStream as encodeAnthropicStreamBatches } from '../../../../src/core/protocols/anthropic/encode-stream.ts'
const encodeAnthropicStream = (events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>, context: EncodeContext) => encodeAnthropicStreamBatches(eventsAsBatches(events), context)
import { collectStream } from '../../../../src/core/stream/collect-stream.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { toAsync } from '../../../../src/core/stream/response-to-events.ts'
import { bytesOf, encodeContext, fixtureWire, sdkFinalMessage, streamFixtures, toArray, withSdk } from './support.ts'

const KEPT_BLOCKS = new Set(['text', 'thinking', 'redacted_thinking', 'tool_use'])

function expectedFromSdk(message: Message) {
  const usage = message.usage
  const cacheRead = usage.cache_read_input_tokens ?? 0
  const cacheWrite = usage.cache_creation_input_tokens ?? 0
  return {
    content: message.content.filter((block) => KEPT_BLOCKS.has(block.type)).map((block) => {
      if (block.type === 'text') return { type: 'text', text: block.text }
      if (block.type === 'thinking') return { type: 'reasoning', text: block.thinking, signature: block.signature || undefined }
      if (block.type === 'redacted_thinking') return { type: 'reasoning', redactedData: block.data }
      if (block.type === 'tool_use') return { type: 'tool-call', id: block.id, name: block.name, input: block.input }
      throw new Error('unreachable')
    }),
    stopReason: message.stop_reason,
    stopSequence: message.stop_sequence ?? undefined,
    inputTokens: usage.input_tokens + cacheRead + cacheWrite,
    outputTokens: usage.output_tokens,
  }
}

describe('decode-stream over every recorded Anthropic stream', () => {
  for (const name of streamFixtures()) {
    test(name, async () => {
      const wire = fixtureWire(name)
      const events = await toArray(decodeAnthropicStream(bytesOf(wire)))
      expect(findStreamViolations(events)).toEqual([])
      const collected = await collectStream(toAsync(events))
      // The SDK chokes on OpenRouter's `event: data` / `[DONE]` trailer; the oracle gets the stream without it.
      const sdkWire = wire.replace(/event: data\r?\ndata: \[DONE\]\r?\n\r?\n?/, '')
      const sdkMessage = await withSdk(sdkWire, {}, (client) => sdkFinalMessage(client))
      const expected = expectedFromSdk(sdkMessage)
      const actual = collected.content.map((part) => {
        if (part.type === 'text') return { type: 'text', text: part.text }
        if (part.type === 'reasoning') {
          return part.redactedData !== undefined ? { type: 'reasoning', redactedData: part.redactedData } : { type: 'reasoning', text: part.text, signature: part.signature }
        }
        return { type: 'tool-call', id: part.id, name: part.name, input: JSON.parse(part.arguments) as unknown }
      })
      expect(actual).toEqual(expected.content)
      expect(collected.finishReason.raw).toBe(expected.stopReason ?? undefined)
      expect(collected.finishReason.stopSequence).toBe(expected.stopSequence)
      expect(collected.usage?.inputTokens).toBe(expected.inputTokens)
      expect(collected.usage?.outputTokens).toBe(expected.outputTokens)
    })
  }
})

describe('decode → encode over every recorded stream (an Anthropic client behind a translating hop)', () => {
  for (const name of streamFixtures()) {
    test(name, async () => {
      const wire = fixtureWire(name).replace(/event: data\r?\ndata: \[DONE\]\r?\n\r?\n?/, '')
      const encoded = (await toArray(encodeAnthropicStream(decodeAnthropicStream(bytesOf(wire)), encodeContext({ clientModel: 'claude-client-model' })))).join('')
      const original = await withSdk(wire, {}, sdkFinalMessage)
      const reencoded = await withSdk(encoded, {}, sdkFinalMessage)
      // Compare what a client acts on; wire extras (caller, citations, the SDK's JSON buffer) are not translated.
      const kept = (message: Message) => message.content.filter((block) => KEPT_BLOCKS.has(block.type)).map((block) => {
        if (block.type === 'text') return { type: 'text', text: block.text }
        if (block.type === 'thinking') return { type: 'thinking', thinking: block.thinking, signature: block.signature }
        if (block.type === 'redacted_thinking') return { type: 'redacted_thinking', data: block.data }
        if (block.type === 'tool_use') return { type: 'tool_use', id: block.id, name: block.name, input: block.input }
        throw new Error('unreachable')
      })
      expect(kept(reencoded)).toEqual(kept(original))
      expect(reencoded.stop_reason).toBe(original.stop_reason)
      expect(reencoded.stop_sequence).toBe(original.stop_sequence)
      expect(reencoded.usage.output_tokens).toBe(original.usage.output_tokens)
      expect(reencoded.usage.input_tokens).toBe(original.usage.input_tokens)
      expect(reencoded.usage.cache_read_input_tokens ?? 0).toBe(original.usage.cache_read_input_tokens ?? 0)
    })
  }
})
