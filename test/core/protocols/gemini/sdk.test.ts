/**
 * The official @google/genai SDK (what Gemini CLI runs on) pointed at a server that answers with
 * this codec's output: it must parse our chunks, our responses and our errors as Gemini's own,
 * and the paths it calls must be ones our routes serve.
 */
import { ApiError, GoogleGenAI } from '@google/genai'
import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import type { ChatResponse } from '../../../../src/core/model/index.ts'
import { geminiCodec } from '../../../../src/core/protocols/gemini/index.ts'
import { encodeGeminiJsonArrayStream, encodeGeminiStream } from '../../../../src/core/protocols/gemini/encode-stream.ts'
import { responseToEvents } from '../../../../src/core/stream/response-to-events.ts'
import { batchesOf, encodeContext, toArray } from './support.ts'

type Answer = { status: number; body: string; contentType: string }

async function withSdk<T>(answer: Answer, use: (client: GoogleGenAI, paths: string[]) => Promise<T>): Promise<T> {
  const paths: string[] = []
  const server = Bun.serve({
    port: 0,
    fetch: (request) => {
      const url = new URL(request.url)
      paths.push(`${request.method} ${url.pathname.slice(1)}${url.search}`)
      return new Response(answer.body, { status: answer.status, headers: { 'content-type': answer.contentType } })
    },
  })
  try {
    return await use(new GoogleGenAI({ apiKey: 'any-value', httpOptions: { baseUrl: `http://127.0.0.1:${server.port}` } }), paths)
  } finally {
    server.stop(true)
  }
}

const answer: ChatResponse = {
  id: 'resp-1',
  model: 'claude-sonnet',
  content: [
    { type: 'reasoning', text: 'Thinking it over.' },
    { type: 'text', text: 'It is 15°C in Paris. ' },
    { type: 'text', text: 'Checking Rome.' },
    { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Rome"}' },
  ],
  finishReason: { kind: 'tool-calls' },
  usage: { inputTokens: 50, outputTokens: 20, reasoningTokens: 5 },
}

describe('the @google/genai SDK reads what the codec encodes', () => {
  test('a streamed answer: text, thoughts, a function call, finish and usage', async () => {
    const body = (await toArray(encodeGeminiStream(batchesOf([...responseToEvents(answer)], 2), encodeContext()))).join('')
    await withSdk({ status: 200, body, contentType: 'text/event-stream' }, async (client, paths) => {
      const stream = await client.models.generateContentStream({ model: 'gemini-client-model', contents: 'Weather?' })
      const chunks = await toArray(stream)
      expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('It is 15°C in Paris. Checking Rome.')
      expect(chunks.flatMap((chunk) => chunk.functionCalls ?? [])).toEqual([{ name: 'get_weather', args: { city: 'Rome' }, id: 'toolu_1' }])
      const last = chunks.at(-1)!
      expect(last.candidates?.[0]?.finishReason as string | undefined).toBe('STOP')
      expect(last.usageMetadata).toMatchObject({ promptTokenCount: 50, candidatesTokenCount: 15, thoughtsTokenCount: 5 })
      expect(chunks.some((chunk) => chunk.candidates?.[0]?.content?.parts?.some((part) => part.thought === true && part.text === 'Thinking it over.'))).toBe(true)
      const [method, path] = paths[0]!.split(' ')
      expect(geminiCodec.matchRoute(method!, path!)).toEqual({ group: 'chat', pathModel: 'gemini-client-model', pathStream: true })
    })
  })

  test('a whole answer', async () => {
    const body = JSON.stringify(geminiCodec.encodeResponse(answer, encodeContext()))
    await withSdk({ status: 200, body, contentType: 'application/json' }, async (client, paths) => {
      const response = await client.models.generateContent({ model: 'gemini-client-model', contents: 'Weather?' })
      expect(response.text).toBe('It is 15°C in Paris. Checking Rome.')
      expect(response.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Rome' }, id: 'toolu_1' }])
      expect(response.responseId).toBe('resp-1')
      expect(response.modelVersion).toBe('gemini-client-model')
      const [method, path] = paths[0]!.split(' ')
      expect(geminiCodec.matchRoute(method!, path!)).toEqual({ group: 'chat', pathModel: 'gemini-client-model' })
    })
  })

  test('an error body becomes the SDK ApiError with our status and message', async () => {
    const error = new BridgeError({ kind: 'rate-limit', code: 'RATE_LIMITED', status: 429, message: 'Slow down', retryAfterSeconds: 7 })
    const encoded = geminiCodec.encodeError(error, { requestId: 'req-1', docsUrl: 'https://example.test/docs' })
    await withSdk({ status: encoded.status, body: JSON.stringify(encoded.body), contentType: 'application/json' }, async (client) => {
      const failure = await client.models.generateContent({ model: 'm', contents: 'x' }).catch((caught: unknown) => caught)
      expect(failure).toBeInstanceOf(ApiError)
      expect((failure as ApiError).status).toBe(429)
      expect((failure as ApiError).message).toContain('Slow down')
      expect((failure as ApiError).message).toContain('RESOURCE_EXHAUSTED')
    })
  })

  test('an error chunk mid-stream is raised by the SDK after the text before it', async () => {
    const error = new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'Upstream broke' })
    const events = [...responseToEvents(answer)].slice(0, 6)
    const body = (await toArray(encodeGeminiStream(batchesOf([...events, { type: 'error', error }], 3), encodeContext()))).join('')
    await withSdk({ status: 200, body, contentType: 'text/event-stream' }, async (client) => {
      const texts: string[] = []
      const failure = await (async () => {
        for await (const chunk of await client.models.generateContentStream({ model: 'm', contents: 'x' })) texts.push(chunk.text ?? '')
      })().catch((caught: unknown) => caught)
      expect(texts.join('')).toContain('It is 15°C')
      expect(failure).toBeInstanceOf(ApiError)
      expect((failure as ApiError).status).toBe(502)
    })
  })

  test('the JSON-array form parses as the array of GenerateContentResponse Gemini sends without alt=sse', async () => {
    const body = (await toArray(encodeGeminiJsonArrayStream(batchesOf([...responseToEvents(answer)], 2), encodeContext()))).join('')
    const chunks = JSON.parse(body) as Array<{ candidates: Array<{ content: { parts: Array<{ text?: string }> } }> }>
    expect(chunks.flatMap((chunk) => chunk.candidates[0]!.content.parts.map((part) => part.text ?? '')).join('')).toContain('Checking Rome.')
  })
})
