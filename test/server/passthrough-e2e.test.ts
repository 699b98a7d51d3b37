/**
 * The "done when": a URL minted through the API, pointed at a local mock upstream, works
 * end to end for same-protocol passthrough, streaming included, through the official SDK.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import OpenAI from 'openai'
import { mintUrl, serveBridge, type ServedBridge } from './test-server.ts'

type Seen = { path: string; authorization: string | null; model: unknown }

let upstream: ReturnType<typeof Bun.serve>
let served: ServedBridge
const seen: Seen[] = []

function completion(model: string) {
  return { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }
}

function streamChunks(model: string): string {
  const chunk = (delta: object, finish: string | null) => ({ id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })
  return [chunk({ role: 'assistant', content: 'po' }, null), chunk({ content: 'ng' }, null), chunk({}, 'stop')].map((data) => `data: ${JSON.stringify(data)}\n\n`).join('') + 'data: [DONE]\n\n'
}

beforeAll(async () => {
  upstream = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) => {
      const body = (await request.json()) as { model?: string; stream?: boolean }
      seen.push({ path: new URL(request.url).pathname, authorization: request.headers.get('authorization'), model: body.model })
      if (body.stream) return new Response(streamChunks(body.model ?? ''), { headers: { 'content-type': 'text/event-stream' } })
      return Response.json(completion(body.model ?? ''))
    },
  })
  served = await serveBridge({ config: { allowHosts: [`127.0.0.1:${upstream.port}`] } })
})

afterAll(async () => {
  await served.stop()
  await upstream.stop(true)
})

describe('openai → openai passthrough through a minted URL', () => {
  test('non-streaming and streaming answers arrive, with the model forced and the sealed key sent upstream', async () => {
    const proxyUrl = await mintUrl(served.url, {
      version: 2,
      source: { protocol: 'openai' },
      target: { protocol: 'openai', baseUrl: `http://127.0.0.1:${upstream.port}/v1`, auth: { type: 'bearer', token: 'sk-upstream' } },
      model: { mode: 'force', force: 'mock-model' },
    })
    const client = new OpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: 'client-key', maxRetries: 0 })

    const answer = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'ping' }] })
    expect(answer.choices[0]?.message.content).toBe('pong')

    const stream = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'ping' }] })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toBe('pong')

    expect(seen.map((request) => request.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions'])
    expect(seen.every((request) => request.authorization === 'Bearer sk-upstream' && request.model === 'mock-model')).toBe(true)
  })
})
