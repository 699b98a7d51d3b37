import { describe, expect, test } from 'bun:test'
import type { ChatResponse, StreamEvent } from '../../../../src/core/model/index.ts'
import { decodeGeminiResponse } from '../../../../src/core/protocols/gemini/decode-response.ts'
import { decodeGeminiStream } from '../../../../src/core/protocols/gemini/decode-stream.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { collectEvents } from '../../../../src/core/stream/collect-stream.ts'
import { bytesOf, fixtureJson, flatten, jsonArrayWire, sseWire, streamFixtures } from './support.ts'

async function decodeSse(name: string): Promise<StreamEvent[]> {
  return flatten(decodeGeminiStream(bytesOf(sseWire(name))))
}

async function collect(name: string): Promise<ChatResponse> {
  return collectEvents(await decodeSse(name))
}

describe('every recorded Gemini stream decodes into a valid canonical stream', () => {
  for (const name of streamFixtures()) {
    test(`${name} as SSE`, async () => {
      const events = await decodeSse(name)
      expect(findStreamViolations(events)).toEqual([])
      expect(events.at(-1)?.type).toBe('response-end')
      for (const part of collectEvents(events).content) {
        if (part.type === 'tool-call') expect(() => JSON.parse(part.arguments)).not.toThrow()
      }
    })
    test(`${name} as a JSON array gives the same events`, async () => {
      const fromArray = await flatten(decodeGeminiStream(bytesOf(jsonArrayWire(name))))
      const withoutIds = (events: StreamEvent[]) => events.map((event) => (event.type === 'tool-call-start' && event.id.startsWith('gcall_') ? { ...event, id: '' } : event))
      expect(withoutIds(fromArray)).toEqual(withoutIds(await decodeSse(name)))
    })
  }
})

describe('recorded quirks', () => {
  test('the thoughtSignature on an empty trailing text part becomes a signature-only reasoning block after the text', async () => {
    const response = await collect('gemini-3-text-trailing-signature.chunks.txt')
    expect(response.content.map((part) => part.type)).toEqual(['text', 'reasoning'])
    const [text, reasoning] = response.content
    expect(text).toEqual({ type: 'text', text: expect.stringContaining('strawberry') })
    expect(reasoning).toMatchObject({ type: 'reasoning', text: '', signature: expect.stringMatching(/^EqsF/) })
  })

  test('a function call keeps its thoughtSignature and its Gemini 3 id, after the thought block', async () => {
    const response = await collect('gemini-3-thought-then-function-call.sse')
    expect(response.content.map((part) => part.type)).toEqual(['reasoning', 'tool-call'])
    expect(response.content[1]).toEqual({ type: 'tool-call', id: 'call_966934', name: 'lookup_harbor_label', arguments: '{}', signature: 'signature_REDACTED_1' })
    expect(response.finishReason).toEqual({ kind: 'tool-calls', raw: 'STOP', protocol: 'gemini' })
    expect(response.usage).toEqual({ inputTokens: 120, outputTokens: 13 + 343, reasoningTokens: 343 })
  })

  test('parallel calls without ids get distinct made-up ids and STOP means tool calls', async () => {
    const response = await collect('gemini-parallel-function-calls.sse')
    const calls = response.content.filter((part) => part.type === 'tool-call')
    expect(calls.map((call) => call.name)).toEqual(['lookup_harbor_label', 'lookup_orchard_label'])
    expect(new Set(calls.map((call) => call.id)).size).toBe(2)
    for (const call of calls) expect(call.id).toMatch(/^gcall_[A-Za-z0-9]+$/)
    expect(response.finishReason.kind).toBe('tool-calls')
  })

  test('a finishReason that comes twice does not end the stream early: the code run after it is kept', async () => {
    const events = await decodeSse('gemini-code-execution-two-finish-reasons.sse')
    expect(events.filter((event) => event.type === 'response-end')).toHaveLength(1)
    const response = collectEvents(events)
    const text = response.content.map((part) => (part.type === 'text' ? part.text : '')).join('')
    expect(text).toContain('print(sum(int(d) for d in str(N)))')
    expect(text).toContain('63')
    expect(text).toContain('The second number is 63.')
  })

  test('MAX_TOKENS is a length finish and usage is the last running total', async () => {
    const response = await collect('gemini-max-tokens.sse')
    expect(response.finishReason).toEqual({ kind: 'length', raw: 'MAX_TOKENS', protocol: 'gemini' })
    expect(response.usage).toEqual({ inputTokens: 15, outputTokens: 24 })
  })

  test('an implicit cache hit is reported as cache reads inside the input', async () => {
    const events = await decodeSse('gemini-implicit-cache-hit.sse')
    expect(events[0]).toMatchObject({ type: 'response-start', usage: { inputTokens: 4612, cacheReadTokens: 3765 } })
    expect(collectEvents(events).usage).toMatchObject({ inputTokens: 4612, cacheReadTokens: 3765, outputTokens: 3 })
  })

  test("Vertex's streamed function-call arguments are gathered into one arguments object per call", async () => {
    const single = await collect('vertex-streamed-function-call-args.chunks.txt')
    const calls = single.content.filter((part) => part.type === 'tool-call')
    expect(calls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['getWeather', { location: 'Boston' }],
      ['getWeather', { location: 'San Francisco' }],
    ])
    expect(calls[0]?.signature).toMatch(/^CiMB/)
    const parallel = await collect('vertex-thought-parallel-calls-no-args.chunks.txt')
    const parallelCalls = parallel.content.filter((part) => part.type === 'tool-call')
    expect(parallelCalls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['read_theme', {}],
      ['read_screen', { id: 'A' }],
      ['read_screen', { id: 'B' }],
      ['read_screen', { id: 'C' }],
    ])
  })

  test('a streamed answer and its recorded non-streaming twin decode to the same shape', async () => {
    const streamed = await collect('gemini-3-function-call-signature.chunks.txt')
    const whole = decodeGeminiResponse(fixtureJson('gemini-3-function-call-signature.json'))
    const shape = (response: ChatResponse) => response.content.map((part) => (part.type === 'tool-call' ? [part.name, part.arguments, typeof part.signature] : part.type))
    expect(shape(streamed)).toEqual(shape(whole))
    expect(whole.finishReason.kind).toBe('tool-calls')
  })

  test('a non-streaming text answer with its signature on the text part keeps the signature next to it, origin gemini', () => {
    const response = decodeGeminiResponse(fixtureJson('gemini-3-text.json'))
    expect(response.content.map((part) => part.type)).toEqual(['text', 'reasoning'])
    expect(response.content[1]).toMatchObject({ type: 'reasoning', text: '', origin: 'gemini', signature: expect.stringMatching(/^EtoF/) })
    expect(response.id).toBe('Un6LacrVMcjUxs0PmJfWoQc')
    expect(response.model).toBe('gemini-3-pro-preview')
    expect(response.usage).toEqual({ inputTokens: 9, outputTokens: 28 + 244, reasoningTokens: 244 })
  })
})
