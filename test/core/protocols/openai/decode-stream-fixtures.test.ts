import { describe, expect, test } from 'bun:test'
import type { ChatResponse, StreamEvent } from '../../../../src/core/model/index.ts'
import { decodeOpenaiResponse as decodeResponse } from '../../../../src/core/protocols/openai/decode-response.ts'
import { decodeOpenaiStream as decodeStreamBatches } from '../../../../src/core/protocols/openai/decode-stream.ts'
import { flattenBatches } from '../../../../src/core/stream/batches.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
const decodeStream = (body: AsyncIterable<Uint8Array>) => flattenBatches(decodeStreamBatches(body))
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { collectStream } from '../../../../src/core/stream/collect-stream.ts'
import { toAsync } from '../../../../src/core/stream/response-to-events.ts'
import { bytesOf, collectEvents, fixtureJson, fixtureWireText, jsonTwinOf, streamFixtureNames } from './fixture-stream.ts'

async function decodeFixture(name: string): Promise<StreamEvent[]> {
  return collectEvents(decodeStream(bytesOf(fixtureWireText(name))))
}

async function collectFixture(name: string): Promise<ChatResponse> {
  return collectStream(toAsync(await decodeFixture(name)))
}

/** What a stream and its separately recorded non-streaming twin must agree on. */
function shape(response: ChatResponse): unknown {
  return {
    parts: response.content.map((part) => part.type),
    finish: response.finishReason.kind,
    usageFields: Object.keys(response.usage ?? {}).sort(),
  }
}

describe('every recorded openai-chat stream decodes into a valid canonical stream', () => {
  for (const name of streamFixtureNames()) {
    test(name, async () => {
      const events = await decodeFixture(name)
      expect(findStreamViolations(events)).toEqual([])
      expect(events.at(-1)?.type).toBe('response-end')
      const response = await collectStream(toAsync(events))
      for (const part of response.content) {
        if (part.type === 'tool-call') expect(() => JSON.parse(part.arguments)).not.toThrow()
      }
      const twin = jsonTwinOf(name)
      if (twin !== undefined) expect(shape(response)).toEqual(shape(decodeResponse(fixtureJson(twin))))
    })
  }
})

describe('recorded quirks', () => {
  test('a stream recorded together with its non-streaming twin collects to the same response', async () => {
    for (const name of ['mistral-tool-call.chunks.txt', 'mistral-thinking-content-array.chunks.txt']) {
      const streamed = await collectFixture(name)
      const whole = decodeResponse(fixtureJson(name.replace('.chunks.txt', '.json')))
      const withoutOrigin = whole.content.map((part) => {
        if (part.type !== 'reasoning') return part
        const { origin: _origin, ...rest } = part
        return rest
      })
      expect(streamed).toEqual({ ...whole, content: withoutOrigin })
    }
  })

  test('groq null arguments become {} not the string null', async () => {
    const response = await collectFixture('groq-parallel-tool-calls-null-args.sse')
    const calls = response.content.filter((part) => part.type === 'tool-call')
    expect(calls.map((call) => [call.name, call.arguments])).toEqual([
      ['lookup_harbor_label', '{}'],
      ['lookup_orchard_label', '{}'],
    ])
  })

  test('qwen empty continuation id does not overwrite the call id', async () => {
    const response = await collectFixture('alibaba-qwen-tool-call.chunks.txt')
    expect(response.content).toEqual([
      { type: 'tool-call', id: 'call_eee11723464a4b9eb8cee71d', name: 'weather', arguments: '{"location": "San Francisco"}' },
    ])
  })

  test('glm empty continuation name does not overwrite the tool name', async () => {
    const response = await collectFixture('glm-incremental-tool-call.chunks.txt')
    expect(response.content).toEqual([
      { type: 'tool-call', id: 'chatcmpl-tool-9f149c74c42f265b', name: 'webSearchTool', arguments: '{"query": "current Berlin weather"}' },
    ])
  })

  test('a gateway that starts tool indices at 1 still yields one call at canonical index after the text', async () => {
    const events = await decodeFixture('gateway-anthropic-fallback-tool-index-1.sse')
    const start = events.find((event) => event.type === 'tool-call-start')
    expect(start).toEqual({ type: 'tool-call-start', index: 1, id: 'toolu_sanitized', name: 'read_file' })
    const response = await collectStream(toAsync(events))
    expect(response.content.map((part) => part.type)).toEqual(['text', 'tool-call'])
  })

  test('mistral whole call without index in the finish chunk is not lost', async () => {
    const response = await collectFixture('mistral-tool-call.chunks.txt')
    expect(response.content).toEqual([{ type: 'tool-call', id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "San Francisco"}' }])
    expect(response.finishReason.kind).toBe('tool-calls')
  })

  test('tool arguments are forwarded as they arrive, not buffered to the end', async () => {
    const events = await decodeFixture('deepseek-reasoning-tool-call.chunks.txt')
    const deltas = events.filter((event) => event.type === 'tool-call-delta')
    expect(deltas.length).toBeGreaterThan(5)
    const firstDelta = events.findIndex((event) => event.type === 'tool-call-delta')
    const end = events.findIndex((event) => event.type === 'tool-call-end')
    expect(end - firstDelta).toBeGreaterThan(5)
  })

  test('usage in a trailing choices-less chunk is not lost', async () => {
    const response = await collectFixture('openai-cached-tokens.sse')
    expect(response.usage).toEqual({ inputTokens: 4597, outputTokens: 4, cacheReadTokens: 4480, reasoningTokens: 0 })
  })

  test('perplexity running usage totals keep the last value', async () => {
    const events = await decodeFixture('perplexity-citations.chunks.txt')
    const usageEvents = events.filter((event) => event.type === 'usage')
    expect(usageEvents).toEqual([{ type: 'usage', usage: { inputTokens: 10, outputTokens: 336 } }])
  })

  test('groq usage repeated on the finish chunk and a trailing chunk is reported once', async () => {
    const events = await decodeFixture('groq-parallel-tool-calls-null-args.sse')
    expect(events.filter((event) => event.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 359, outputTokens: 35 } }])
  })

  test('xai completion tokens that exclude reasoning are counted with it', async () => {
    const response = await collectFixture('xai-reasoning-tool-call.chunks.txt')
    expect(response.usage).toEqual({ inputTokens: 307, outputTokens: 26 + 227, cacheReadTokens: 306, reasoningTokens: 227 })
  })

  test('deepseek cache hits are read into cacheReadTokens', async () => {
    const response = await collectFixture('deepseek-reasoning-tool-call.chunks.txt')
    expect(response.usage?.cacheReadTokens).toBe(320)
    expect(response.content[0]?.type).toBe('reasoning')
  })

  test('azure empty first chunk does not become the response id or model', async () => {
    const events = await decodeFixture('azure-model-router-prompt-filter.chunks.txt')
    expect(events[0]).toEqual({ type: 'response-start', id: 'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt', model: 'gpt-5-nano-2025-08-07', created: 1762317021 })
  })

  test('azure async-filter chunks (a choice without delta, empty id and model) add nothing and rename nothing', async () => {
    const events = await decodeFixture('azure-async-filter.chunks.txt')
    expect(events[0]).toEqual({ type: 'response-start', id: 'chatcmpl-AzureAsyncFilter0001', model: 'gpt-4o-2024-11-20', created: 1741570000 })
    const response = await collectFixture('azure-async-filter.chunks.txt')
    expect(response.content).toEqual([{ type: 'text', text: 'Paris is the capital.' }])
    expect(response.usage).toMatchObject({ inputTokens: 14, outputTokens: 5 })
    expect(JSON.stringify(events)).not.toContain('filter')
  })

  test('groq reasoning in delta.reasoning becomes a reasoning block before the text', async () => {
    const response = await collectFixture('groq-reasoning.chunks.txt')
    expect(response.content.map((part) => part.type)).toEqual(['reasoning', 'text'])
    expect(response.content[0]?.type === 'reasoning' && response.content[0].text.startsWith('Okay, let me')).toBe(true)
  })

  test('openrouter signed reasoning_details ride as the reasoning signature, text not doubled', async () => {
    const response = await collectFixture('openrouter-reasoning-details-parallel-tools.sse')
    const reasoning = response.content[0]
    if (reasoning?.type !== 'reasoning') throw new Error('expected reasoning first')
    const details = JSON.parse(reasoning.signature ?? '[]') as Array<Record<string, unknown>>
    expect(details).toHaveLength(1)
    expect(details[0]?.signature).toBe('signature_REDACTED_1')
    expect(details[0]?.text).toBe(reasoning.text)
    expect(reasoning.text.startsWith('The user wants me to:\n1. Think briefly')).toBe(true)
  })

  test('openrouter encrypted reasoning without text keeps its encrypted detail', async () => {
    const response = await collectFixture('openrouter-encrypted-reasoning-tool-call.sse')
    const reasoning = response.content[0]
    if (reasoning?.type !== 'reasoning') throw new Error('expected reasoning first')
    expect(reasoning.text).toBe('')
    expect(JSON.parse(reasoning.signature ?? '[]')).toEqual([
      { data: 'encrypted_reasoning_REDACTED_1', format: 'openai-responses-v1', id: 'rs_REDACTED_1', index: 0, type: 'reasoning.encrypted' },
    ])
  })

  test('openrouter two finish chunks end the response once', async () => {
    const events = await decodeFixture('openrouter-reasoning-details-parallel-tools.sse')
    expect(events.filter((event) => event.type === 'response-end')).toHaveLength(1)
  })

  test('an openai refusal becomes text with a content-filter finish', async () => {
    const response = await collectFixture('openai-refusal.sse')
    expect(response.content).toHaveLength(1)
    expect(response.content[0]?.type).toBe('text')
    expect(response.finishReason).toEqual({ kind: 'content-filter', raw: 'stop', protocol: 'openai' })
  })
})
