/**
 * LESSONS.md rows outside the pure Anthropic ⇄ OpenAI Chat mapping that the code already
 * covers (count_tokens, retry, leaked tool markup, client disconnect, slow first token, Gemini's
 * schemas and thought signatures), and placeholders for rows whose protocol is not implemented yet.
 * @see ../../../shared/LESSONS.md
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { WarningSink } from '../../src/core/model/index.ts'
import { applyStreamPatches } from '../../src/core/patches/index.ts'
import { encodeAnthropicStream } from '../../src/core/protocols/anthropic/encode-stream.ts'
import { decodeOpenaiStream } from '../../src/core/protocols/openai/decode-stream.ts'
import { DEFAULT_UPSTREAM_TIMEOUTS } from '../../src/upstream/timeouts.ts'
import { createHarness, UPSTREAM_KEY, waitForRows } from '../proxy/proxy-harness.ts'
import { type MockReply, startMockUpstream } from '../support/mock-upstream.ts'
import { type LessonBridge, openaiSse, ssePayloads, startLessonBridge } from './support.ts'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../src/config.ts'
import { defaultPublicUrl } from '../../src/config-parse.ts'
import { startServer } from '../../src/main.ts'

const RECORDED = await Bun.file(`${import.meta.dir}/../fixtures/claude-code/request-2.1.332-say-hi.json`).json() as Record<string, unknown>

let toOpenai: LessonBridge
beforeAll(async () => {
  toOpenai = await startLessonBridge('anthropic→openai')
})
afterAll(() => toOpenai.stop())

describe('LESSONS #6: count_tokens 404s, or undercounts by 90%', () => {
  const { max_tokens: _max, stream: _stream, ...countBody } = RECORDED
  // Groq's catalog entry has no count endpoint: the bridge counts itself.
  const noCounter = { target: { protocol: 'openai' as const, provider: 'groq', baseUrl: 'http://127.0.0.1:9/v1', auth: { type: 'none' as const } } }

  test("Claude Code's recorded request, a target with no counter: a local estimate over system, tools and messages, marked estimated; nothing goes upstream", async () => {
    const before = toOpenai.upstream.requests.length
    const response = await toOpenai.post('v1/messages/count_tokens?beta=true', countBody, noCounter)
    expect(response.status).toBe(200)
    expect(response.headers.get('x-llm-bridge-estimated')).toBe('true')
    const { input_tokens: estimate } = (await response.json()) as { input_tokens: number }
    // About 4 characters per token: the estimate must be of the order of the whole request, not of its last message.
    const characters = JSON.stringify([RECORDED.system, RECORDED.messages, RECORDED.tools]).length
    expect(estimate).toBeGreaterThan(characters / 4.5)
    expect(estimate).toBeLessThan(characters / 2)
    expect(toOpenai.upstream.requests.length).toBe(before)
  })

  test('an image adds its fixed cost; tools and system count too', async () => {
    const count = async (body: Record<string, unknown>) => ((await (await toOpenai.post('v1/messages/count_tokens', { model: 'gpt-4o', ...body }, noCounter)).json()) as { input_tokens: number }).input_tokens
    const plain = await count({ messages: [{ role: 'user', content: 'hi' }] })
    const image = await count({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } }, { type: 'text', text: 'hi' }] }] })
    const tools = await count({ messages: [{ role: 'user', content: 'hi' }], tools: RECORDED.tools })
    const system = await count({ messages: [{ role: 'user', content: 'hi' }], system: RECORDED.system })
    expect(image - plain).toBeGreaterThanOrEqual(1000)
    expect(tools - plain).toBeGreaterThan(JSON.stringify(RECORDED.tools).length / 5)
    expect(system - plain).toBeGreaterThan(JSON.stringify(RECORDED.system).length / 5)
  })

  test("OpenAI's own API counts natively: Claude Code's request reaches /v1/responses/input_tokens and its number comes back", async () => {
    toOpenai.reply({ json: { object: 'response.input_tokens', input_tokens: 23_456 } })
    const response = await toOpenai.post('v1/messages/count_tokens?beta=true', { ...countBody, model: 'gpt-5' })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-llm-bridge-estimated')).toBeNull()
    expect(await response.json()).toEqual({ input_tokens: 23_456 })
    const sent = toOpenai.upstream.requests.at(-1)!
    expect(sent.path).toBe('/v1/responses/input_tokens')
    expect(JSON.stringify(sent.json)).toContain(JSON.stringify((RECORDED.system as Array<{ text: string }>)[1]!.text).slice(1, 60))
  })
})

describe('LESSONS #19: 429 Retry-After ignored; no failover on rate limit', () => {
  test('a 429 with retry-after-ms is retried after the wait, before any byte reached the client', async () => {
    const replies: MockReply[] = [
      { status: 429, headers: { 'retry-after-ms': '40' }, json: { error: { message: 'slow down', type: 'rate_limit', code: 'rate_limit_exceeded' } } },
      { json: { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }] } },
    ]
    const upstream = startMockUpstream(replies)
    try {
      const harness = await createHarness(upstream.url, { retry: { maxAttempts: 3, maxDelayMs: 1000, deadlineMs: 10_000 } })
      const token = await harness.mint({ target: { protocol: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } }, model: { mode: 'passthrough' } })
      const started = performance.now()
      const response = await harness.handle(new Request(`http://bridge.test/proxy/${token}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }) }))
      expect(response.status).toBe(200)
      expect(performance.now() - started).toBeGreaterThanOrEqual(35)
      expect(upstream.requests).toHaveLength(2)
      await waitForRows(harness.rows, 1)
      expect(harness.rows.at(-1)!.attempts).toBe(2)
    } finally {
      upstream.stop()
    }
  })
})

describe('LESSONS #20: tool calls leak as text (<tool_call>…), finish_reason stop', () => {
  test("the 'tool-markup-in-text' patch turns Hermes/Qwen markup back into a tool_use block with stop_reason tool_use", async () => {
    const upstream = openaiSse([
      { choices: [{ index: 0, delta: { content: 'Checking. <tool_call>{"name": "weather", "arguments": {"city": "Paris"}}</tool_call>' }, finish_reason: null }] },
      { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ])
    async function* body(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(upstream)
    }
    const batches = applyStreamPatches(['tool-markup-in-text'], decodeOpenaiStream(body()))
    let wire = ''
    for await (const piece of encodeAnthropicStream(batches, { upstreamModel: 'u', clientModel: 'c', warnings: new WarningSink() })) wire += piece
    const payloads = ssePayloads(wire)
    expect(payloads.filter((event) => event.type === 'content_block_start').map((event) => (event.content_block as { type: string }).type)).toEqual(['text', 'tool_use'])
    expect(wire).not.toContain('<tool_call>')
    expect(payloads.find((event) => event.type === 'message_delta')!.delta).toMatchObject({ stop_reason: 'tool_use' })
  })
})

describe('LESSONS #23: the proxy keeps generating (and billing) after the client left', () => {
  test('a client that cancels mid-stream aborts the upstream request', async () => {
    const sse = openaiSse([{ choices: [{ index: 0, delta: { content: 'Hello' }, finish_reason: null }] }]).replace('data: [DONE]\n\n', '')
    toOpenai.reply({ chunks: [sse], hang: true })
    const response = await toOpenai.post('v1/messages', { model: 'gpt-4o', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] })
    const reader = response.body!.getReader()
    await reader.read()
    await reader.cancel()
    const received = toOpenai.upstream.requests.at(-1)!
    await Promise.race([received.aborted, Bun.sleep(2000)])
    expect(received.wasAborted()).toBe(true)
  })
})

describe('LESSONS #24: a slow first token (> 10 s) kills the request', () => {
  /**
   * Past Bun's default 10 s idle timeout, which is what used to cut such a request. Bun checks
   * idle sockets on a coarse tick (4 s), so "10 s" fires between 8 and 12 s: 13 s always trips it.
   */
  const FIRST_TOKEN_AFTER_MS = 13_000

  test('through the production listener (main.ts), a first token after 13 s of silence still reaches the client, streamed and not', async () => {
    const opening = openaiSse([{ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }]).replace('data: [DONE]\n\n', '')
    const late = openaiSse([{ choices: [{ index: 0, delta: { content: 'late' }, finish_reason: 'stop' }] }])
    const completion = { id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'late' } }] }
    // Streamed: the answer opens at once (the client gets its headers and message_start), then a
    // reasoning model thinks in silence: the connection is idle for 13 s before the first token.
    // Not streamed: nothing at all for 13 s (the upstream deadline for a first byte is at stake).
    const upstream = startMockUpstream((request) => (request.json as { stream?: boolean }).stream === true
      ? { chunks: [opening, { data: late, delayMs: FIRST_TOKEN_AFTER_MS }] }
      : { headers: { 'content-type': 'application/json' }, chunks: [{ data: JSON.stringify(completion), delayMs: FIRST_TOKEN_AFTER_MS }] })
    const dir = await mkdtemp(join(tmpdir(), 'llm-bridge-slow-first-token-'))
    // The defaults a user gets (idle timeout, upstream deadlines, keepalive), on a real socket.
    const config: ServerConfig = {
      ...structuredClone(DEFAULT_SERVER_CONFIG), port: 0, dataDir: join(dir, 'data'), publicUrl: defaultPublicUrl('127.0.0.1', 0),
      timeouts: { ...DEFAULT_UPSTREAM_TIMEOUTS }, allowHosts: [`127.0.0.1:${upstream.port}`],
    }
    const running = await startServer(config, {}, () => {})
    try {
      const minted = await fetch(`${running.url}/api/generate-url`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: 2, source: { protocol: 'anthropic' }, target: { protocol: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } } }),
      })
      const { proxyUrl } = (await minted.json()) as { proxyUrl: string }
      const ask = (stream: boolean) => fetch(`${proxyUrl}/v1/messages`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'gpt-4o', max_tokens: 100, stream, messages: [{ role: 'user', content: 'think hard' }] }),
      }).then(async (response) => ({ status: response.status, text: await response.text() }))
      const [streamed, whole] = await Promise.all([ask(true), ask(false)])
      expect(streamed.status).toBe(200)
      expect(streamed.text).toContain('"text":"late"')
      expect(streamed.text).toContain('event: message_stop')
      expect(whole.status).toBe(200)
      expect((JSON.parse(whole.text) as { content: Array<{ text: string }> }).content[0]?.text).toBe('late')
    } finally {
      await running.stop()
      upstream.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }, 25_000)
})

const SIGNED = await Bun.file(`${import.meta.dir}/../fixtures/gemini/gemini-3-function-call-signature.json`).json() as {
  candidates: Array<{ content: { parts: Array<{ thoughtSignature?: string; functionCall?: { name: string } }> } }>
}

describe('LESSONS #15: Gemini rejects JSON-Schema keywords and missing thought signatures', () => {
  type GeminiBody = { tools?: unknown; contents: Array<{ role: string; parts: Array<{ functionCall?: unknown; thoughtSignature?: string }> }> }
  type AnthropicAnswer = { content: Array<{ type: string; id?: string; signature?: string }> }
  const signature = SIGNED.candidates[0]?.content.parts[0]?.thoughtSignature
  const WEATHER = {
    name: 'weather',
    description: 'Weather in a city',
    input_schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false,
      properties: { location: { type: 'string' }, extra: { type: 'object', propertyNames: { pattern: '^[a-z]+$' } } }, required: ['location'],
    },
  }
  const ask = { role: 'user', content: 'Weather in San Francisco?' }

  test("Claude Code's tool loop to Gemini 3: the schema is sanitised, and the call's thought signature comes back on the call", async () => {
    const upstream = startMockUpstream(() => ({ json: SIGNED }))
    try {
      const harness = await createHarness(upstream.url)
      const token = await harness.mint({ target: { protocol: 'gemini', baseUrl: upstream.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } }, model: { mode: 'force', force: 'gemini-3-pro-preview' } })
      const post = (messages: unknown[]) => harness.handle(new Request(`http://bridge.test/proxy/${token}/v1/messages`, {
        method: 'POST', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 1000, tools: [WEATHER], messages }),
      }))
      const first = (await (await post([ask])).json()) as AnthropicAnswer
      const sent = JSON.stringify((upstream.requests[0]?.json as GeminiBody).tools)
      for (const keyword of ['$schema', 'additionalProperties', 'propertyNames']) expect(sent).not.toContain(keyword)
      const call = first.content.find((block) => block.type === 'tool_use')
      // The signature rides sealed in a thinking block: the one slot an Anthropic client sends back.
      const sealed = first.content.find((block) => block.type === 'thinking')?.signature ?? ''
      expect(sealed).toStartWith('lbr1.')
      expect(sealed).not.toContain(signature ?? '-')

      await post([ask, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call?.id, content: '15 °C' }] }])
      const replayed = (upstream.requests[1]?.json as GeminiBody).contents.find((content) => content.role === 'model')
      expect(replayed?.parts.find((part) => part.functionCall !== undefined)?.thoughtSignature).toBe(signature)
    } finally {
      upstream.stop()
    }
  })

  test('history from another provider: the call gets Google’s placeholder signature, with a warning', async () => {
    const upstream = startMockUpstream(() => ({ json: SIGNED }))
    try {
      const harness = await createHarness(upstream.url)
      const token = await harness.mint({ target: { protocol: 'gemini', baseUrl: upstream.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } }, model: { mode: 'force', force: 'gemini-3-pro-preview' } })
      const foreign = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01Foreign', name: 'weather', input: { location: 'Paris' } }] }
      const response = await harness.handle(new Request(`http://bridge.test/proxy/${token}/v1/messages`, {
        method: 'POST', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 1000, tools: [WEATHER], messages: [ask, foreign, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01Foreign', content: '15 °C' }] }] }),
      }))
      expect(response.status).toBe(200)
      expect(response.headers.get('x-llm-bridge-warnings')).toContain('placeholder-thought-signature')
      const replayed = (upstream.requests[0]?.json as GeminiBody).contents.find((content) => content.role === 'model')
      expect(replayed?.parts[0]?.thoughtSignature).toBe('skip_thought_signature_validator')
    } finally {
      upstream.stop()
    }
  })
})

describe('LESSONS #18: Responses-API clients (Codex) cannot reach chat-only providers', () => {
  test('a /v1/responses request with a function tool reaches a Chat Completions provider, and its tool call comes back as a function_call item', async () => {
    const completion = {
      id: 'chatcmpl-18', object: 'chat.completion', created: 1, model: 'llama-3.3-70b-versatile',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_18', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] } }],
      usage: { prompt_tokens: 40, completion_tokens: 9, total_tokens: 49 },
    }
    const upstream = startMockUpstream(() => ({ json: completion }))
    try {
      const harness = await createHarness(upstream.url)
      const token = await harness.mint({
        source: { protocol: 'openai-responses' },
        target: { protocol: 'openai', provider: 'groq', baseUrl: `${upstream.url}/openai/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
      })
      const tool = { type: 'function', name: 'weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }
      const response = await harness.handle(new Request(`http://bridge.test/proxy/${token}/v1/responses`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'llama-3.3-70b-versatile', instructions: 'Be brief.', input: 'Weather in Paris?', tools: [tool], store: false }),
      }))
      expect(response.status).toBe(200)
      const sent = upstream.requests[0]
      expect(sent?.path).toBe('/openai/v1/chat/completions')
      const body = sent?.json as { messages: Array<{ role: string }>; tools: Array<{ type: string; function: { name: string } }> }
      expect(body.messages.map((message) => message.role)).toEqual(['system', 'user'])
      expect(body.tools.map((entry) => [entry.type, entry.function.name])).toEqual([['function', 'weather']])
      const answer = (await response.json()) as { object: string; status: string; output: Array<{ type: string; name?: string; arguments?: string; call_id?: string }>; usage: { input_tokens: number } }
      expect(answer).toMatchObject({ object: 'response', status: 'completed', usage: { input_tokens: 40 } })
      expect(answer.output.find((item) => item.type === 'function_call')).toMatchObject({ name: 'weather', arguments: '{"city":"Paris"}', call_id: 'call_18' })
    } finally {
      upstream.stop()
    }
  })
})
