import { describe, expect, test } from 'bun:test'
import type { ChatResponse, StreamEvent } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeGeminiRequest } from '../../../../src/core/protocols/gemini/decode-request.ts'
import { decodeGeminiResponse } from '../../../../src/core/protocols/gemini/decode-response.ts'
import { decodeGeminiStream } from '../../../../src/core/protocols/gemini/decode-stream.ts'
import { encodeGeminiResponse } from '../../../../src/core/protocols/gemini/encode-response.ts'
import { encodeGeminiJsonArrayStream, encodeGeminiStream } from '../../../../src/core/protocols/gemini/encode-stream.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { collectEvents } from '../../../../src/core/stream/collect-stream.ts'
import { responseToEvents } from '../../../../src/core/stream/response-to-events.ts'
import { BridgeError } from '../../../../src/core/errors.ts'
import { GeminiGrammarCheck } from '../../../../src/core/protocols/gemini/check-grammar.ts'
import { splitSseText } from '../../../../src/core/stream/grammar-check.ts'
import { batchesOf, bytesOf, encodeContext, flatten, sseWire, streamFixtures, toArray } from './support.ts'

async function decodeFixture(name: string): Promise<StreamEvent[]> {
  return flatten(decodeGeminiStream(bytesOf(sseWire(name))))
}

function withModel(response: ChatResponse, model: string): ChatResponse {
  return { ...response, model }
}

describe('encoder output decoded back by the decoder gives the same answer', () => {
  for (const name of streamFixtures()) {
    test(`${name}: SSE and JSON-array encodings`, async () => {
      const events = await decodeFixture(name)
      const original = collectEvents(events)
      const context = encodeContext({ clientModel: original.model })
      for (const encoder of [encodeGeminiStream, encodeGeminiJsonArrayStream]) {
        const wire = (await toArray(encoder(batchesOf(events), context))).join('')
        if (encoder === encodeGeminiStream) {
          const check = new GeminiGrammarCheck()
          for (const frame of splitSseText(wire)) check.push(frame)
          expect(check.end()).toEqual([])
        }
        const decoded = await flatten(decodeGeminiStream(bytesOf(wire)))
        expect(findStreamViolations(decoded)).toEqual([])
        expect(collectEvents(decoded)).toEqual(original)
      }
    })
  }

  test('a response encoded whole decodes back to itself (reasoning marked as Gemini)', async () => {
    const original = collectEvents(await decodeFixture('gemini-3-thought-then-function-call.sse'))
    const decoded = decodeGeminiResponse(encodeGeminiResponse(original, encodeContext({ clientModel: original.model })))
    expect(decoded).toEqual({ ...original, content: original.content.map((part) => (part.type === 'reasoning' ? { ...part, origin: 'gemini' } : part)) })
  })
})

describe('encoding for Gemini clients', () => {
  const answer: ChatResponse = {
    id: 'msg_1',
    model: 'claude-sonnet',
    content: [
      { type: 'reasoning', text: 'Let me think', signature: 'lbr1.sealed.tag' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ],
    finishReason: { kind: 'tool-calls', raw: 'tool_use', protocol: 'anthropic' },
    usage: { inputTokens: 100, outputTokens: 40, reasoningTokens: 10, cacheReadTokens: 60 },
  }

  test('SSE chunks are data lines with CRLF separators, one per batch, parts merged', async () => {
    const frames = await toArray(encodeGeminiStream(batchesOf([...responseToEvents(answer)], 100), encodeContext()))
    expect(frames).toHaveLength(1)
    expect(frames[0]!.endsWith('\r\n\r\n')).toBe(true)
    const chunk = JSON.parse(frames[0]!.slice('data: '.length))
    expect(chunk).toEqual({
      candidates: [{
        content: { role: 'model', parts: [
          { text: 'Let me think', thought: true },
          { text: '', thought: true, thoughtSignature: 'lbr1.sealed.tag' },
          { text: 'Checking.' },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'toolu_1' } },
        ] },
        index: 0,
        finishReason: 'STOP',
      }],
      modelVersion: 'gemini-client-model',
      responseId: 'msg_1',
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 30, totalTokenCount: 140, cachedContentTokenCount: 60, thoughtsTokenCount: 10 },
    })
  })

  test('thoughts are left out when the Gemini client did not ask for them', () => {
    const clientRequest = decodeGeminiRequest({ contents: [{ parts: [{ text: 'x' }] }] }, { group: 'chat', pathModel: 'm' }, new WarningSink())
    const wire = encodeGeminiResponse(answer, encodeContext({ clientRequest }))
    expect(wire.candidates[0]!.content.parts.some((part) => part.thought)).toBe(false)
    const asked = decodeGeminiRequest({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { thinkingConfig: { includeThoughts: true } } }, { group: 'chat', pathModel: 'm' }, new WarningSink())
    expect(encodeGeminiResponse(answer, encodeContext({ clientRequest: asked })).candidates[0]!.content.parts[0]).toEqual({ text: 'Let me think', thought: true, thoughtSignature: 'lbr1.sealed.tag' })
  })

  test('finish reasons: Gemini values are kept exactly, others mapped', () => {
    const finish = (finishReason: ChatResponse['finishReason']) => encodeGeminiResponse({ ...answer, finishReason }, encodeContext()).candidates[0]!.finishReason
    expect(finish({ kind: 'content-filter', raw: 'RECITATION', protocol: 'gemini' })).toBe('RECITATION')
    expect(finish({ kind: 'error', raw: 'MALFORMED_FUNCTION_CALL', protocol: 'gemini' })).toBe('MALFORMED_FUNCTION_CALL')
    expect(finish({ kind: 'content-filter', raw: 'refusal', protocol: 'anthropic' })).toBe('SAFETY')
    expect(finish({ kind: 'length', raw: 'max_tokens', protocol: 'anthropic' })).toBe('MAX_TOKENS')
    expect(finish({ kind: 'stop' })).toBe('STOP')
  })

  test('an error mid-stream becomes an error chunk and ends the stream; the JSON array is closed after it', async () => {
    const error = new BridgeError({ kind: 'overloaded', code: 'UPSTREAM_ERROR', status: 503, message: 'Overloaded', retryable: true })
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'r', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hal' },
      { type: 'error', error },
    ]
    const sse = (await toArray(encodeGeminiStream(batchesOf(events, 3), encodeContext()))).join('')
    expect(sse).toBe(
      `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'Hal' }] }, index: 0 }], modelVersion: 'gemini-client-model', responseId: 'r' })}\r\n\r\n` +
      `data: ${JSON.stringify({ error: { code: 503, message: 'Overloaded', status: 'UNAVAILABLE' } })}\r\n\r\n`,
    )
    const array = (await toArray(encodeGeminiJsonArrayStream(batchesOf(events, 3), encodeContext()))).join('')
    const parsed = JSON.parse(array) as unknown[]
    expect(parsed).toHaveLength(2)
    expect(parsed[1]).toEqual({ error: { code: 503, message: 'Overloaded', status: 'UNAVAILABLE' } })
  })

  test('a JSON-array stream cut before its terminal event is left unclosed', async () => {
    const events: StreamEvent[] = [{ type: 'response-start', id: 'r', model: 'm' }, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'a' }]
    const array = (await toArray(encodeGeminiJsonArrayStream(batchesOf(events), encodeContext()))).join('')
    expect(array.startsWith('[{')).toBe(true)
    expect(() => JSON.parse(array)).toThrow()
  })
})

describe('the client-stream grammar check', () => {
  const check = (text: string) => {
    const grammar = new GeminiGrammarCheck()
    for (const frame of splitSseText(text)) grammar.push(frame)
    return grammar.end()
  }
  const chunk = (candidate: Record<string, unknown>) => `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'a' }] }, index: 0, ...candidate }], modelVersion: 'm', responseId: 'r' })}\r\n\r\n`

  test('finds a cut stream, a frame after the finish, a bad finishReason and a broken part', () => {
    expect(check(chunk({}))).toEqual(['stream ended without a finishReason or an error'])
    expect(check(chunk({ finishReason: 'STOP' }) + chunk({}))).toEqual(['frame 1: after the finishReason'])
    expect(check(chunk({ finishReason: 'tool_use' }))).toEqual(['frame 0: finishReason tool_use'])
    expect(check(chunk({ content: { role: 'model', parts: [{ text: 'a', functionCall: { name: 'f', args: {} } }] }, finishReason: 'STOP' }))).toEqual(['frame 0: part 0 holds 2 data fields'])
    expect(check(`data: ${JSON.stringify({ error: { code: 503, message: 'm', status: 'UNAVAILABLE' } })}\r\n\r\n`)).toEqual([])
    expect(check(`data: ${JSON.stringify({ error: { message: 'm' } })}\r\n\r\n`)).toEqual(['frame 0: error without a 4xx/5xx numeric code'])
  })
})
