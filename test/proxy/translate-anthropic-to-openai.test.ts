/**
 * End to end through createProxyHandler: the official Anthropic SDK as the client, a mock OpenAI
 * Chat upstream replaying recorded fixtures, and the proxy translating both ways.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import { sseFromChunksFile, startMockUpstream, type MockReply, type MockUpstream } from '../support/mock-upstream.ts'
import { CLIENT_KEY, createHarness, type Harness, serveHandler, UPSTREAM_KEY, waitForRows } from './proxy-harness.ts'

const fixtures = `${import.meta.dir}/../fixtures/openai-chat`
const textJson = await Bun.file(`${fixtures}/openai-text.json`).json()
const textChunks = sseFromChunksFile(await Bun.file(`${fixtures}/openai-text.chunks.txt`).text(), 'openai')
const toolSse = await Bun.file(`${fixtures}/openai-parallel-tool-calls.sse`).text()

/** The scenario travels in the user message text, so one mock serves every test. */
function scenario(body: unknown): MockReply {
  // A Responses body: OpenAI's token count (/v1/responses/input_tokens).
  if ((body as { input?: unknown }).input !== undefined) return { json: { object: 'response.input_tokens', input_tokens: 21 } }
  const request = body as { stream?: boolean; messages: Array<{ content: unknown }> }
  const said = JSON.stringify(request.messages.at(-1)?.content ?? '')
  if (said.includes('upstream-401')) return { status: 401, json: { error: { message: `Incorrect API key provided: ${UPSTREAM_KEY}`, type: 'invalid_request_error', code: 'invalid_api_key' } } }
  if (said.includes('upstream-429')) return { status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } }
  if (said.includes('upstream-500')) return { status: 500, json: { error: { message: 'boom', type: 'server_error' } } }
  if (said.includes('too-long')) return { status: 400, json: { error: { message: "This model's maximum context length is 128000 tokens", code: 'context_length_exceeded' } } }
  if (said.includes('break-off')) return { chunks: [textChunks[0]!, textChunks[1]!] }
  if (said.includes('tools')) return { chunks: [toolSse] }
  return request.stream ? { chunks: textChunks } : { json: textJson }
}

let upstream: MockUpstream
let harness: Harness
let bridge: { url: string; stop: () => void }
let client: Anthropic

beforeAll(async () => {
  upstream = startMockUpstream((request) => scenario(request.json))
  harness = await createHarness(upstream.url)
  bridge = serveHandler(harness.handle)
  const token = await harness.mint({
    target: { protocol: 'openai', provider: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
    model: { mode: 'map', map: { 'claude-*': 'gpt-4.1-nano', 'claude-opus-4': 'gpt-4o' }, stripClientSuffix: true },
  })
  client = new Anthropic({ baseURL: `${bridge.url}/proxy/${token}`, apiKey: CLIENT_KEY, maxRetries: 0 })
})
afterAll(() => {
  bridge.stop()
  upstream.stop()
})

const ask = (text: string, extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) =>
  ({ model: 'claude-sonnet-4-5[1m]', max_tokens: 200, messages: [{ role: 'user' as const, content: text }], ...extra })

describe('Anthropic client → OpenAI upstream', () => {
  test('non-streaming: the SDK gets an Anthropic message; the upstream got an OpenAI request with its own key', async () => {
    const message = await client.messages.create(ask('Invent a holiday'))
    expect(message.type).toBe('message')
    expect(message.model).toBe('claude-sonnet-4-5[1m]')
    expect(message.stop_reason).toBe('end_turn')
    expect(message.content[0]).toMatchObject({ type: 'text', text: textJson.choices[0].message.content })
    expect(message.usage.input_tokens).toBe(16)
    expect(message.usage.output_tokens).toBe(363)
    const seen = upstream.requests.at(-1)!
    expect(seen.path).toBe('/v1/chat/completions')
    expect((seen.json as { model: string }).model).toBe('gpt-4.1-nano')
    expect(seen.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
    expect(seen.headers.has('x-api-key')).toBe(false)
    expect(seen.headers.has('anthropic-version')).toBe(false)
    expect(seen.text).not.toContain(CLIENT_KEY)
  })

  test('streaming: the SDK accumulates the translated stream; usage reaches the log row', async () => {
    const rowsBefore = harness.rows.length
    const stream = client.messages.stream(ask('Invent a holiday'))
    const final = await stream.finalMessage()
    const expected = textChunks.slice(0, -1).map((line) => JSON.parse(line.slice(6)) as { choices: Array<{ delta?: { content?: string } }> })
      .map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('')
    expect(final.content).toEqual([{ type: 'text', text: expected, citations: null }].map(({ citations: _, ...rest }) => expect.objectContaining(rest)))
    expect(final.stop_reason).toBe('end_turn')
    expect(final.usage.output_tokens).toBe(300)
    const seen = upstream.requests.at(-1)!.json as { stream: boolean; stream_options?: { include_usage: boolean } }
    expect(seen.stream).toBe(true)
    expect(seen.stream_options?.include_usage).toBe(true)
    await waitForRows(harness.rows, rowsBefore + 1)
    expect(harness.rows.at(-1)).toMatchObject({
      status: 200, stream: true, sourceProtocol: 'anthropic', targetProtocol: 'openai', clientModel: 'claude-sonnet-4-5[1m]',
      upstreamModel: 'gpt-4.1-nano', usage: { inputTokens: 16, outputTokens: 300 },
    })
  })

  test('streaming parallel tool calls arrive as Anthropic tool_use blocks', async () => {
    const final = await client.messages.stream(ask('use the tools')).finalMessage()
    const tools = final.content.filter((block) => block.type === 'tool_use')
    expect(tools.map((block) => block.name)).toEqual(['lookup_harbor_label', 'lookup_orchard_label'])
    expect(final.stop_reason).toBe('tool_use')
  })

  test('upstream 401 → the SDK raises AuthenticationError with the upstream message, the key redacted', async () => {
    const error = await client.messages.create(ask('upstream-401')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError)
    const apiError = error as InstanceType<typeof Anthropic.AuthenticationError>
    expect(apiError.status).toBe(401)
    expect(JSON.stringify(apiError.error)).toContain('Incorrect API key provided')
    expect(JSON.stringify(apiError.error)).not.toContain(UPSTREAM_KEY)
    expect(apiError.error).toMatchObject({ error_code: 'UPSTREAM_ERROR', upstream_status: 401 })
  })

  test('upstream 429 → RateLimitError with Retry-After passed on', async () => {
    const error = await client.messages.create(ask('upstream-429')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Anthropic.RateLimitError)
    const apiError = error as InstanceType<typeof Anthropic.RateLimitError>
    expect(apiError.headers.get('retry-after')).toBe('7')
    expect(apiError.error).toMatchObject({ error_code: 'RATE_LIMITED', upstream_status: 429 })
  })

  test('upstream 500 → 502 UPSTREAM_ERROR in the Anthropic shape', async () => {
    const error = await client.messages.create(ask('upstream-500')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Anthropic.InternalServerError)
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(502)
  })

  test('a context overflow comes back as 400 "prompt is too long" (LESSONS #8)', async () => {
    const error = await client.messages.create(ask('too-long')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Anthropic.BadRequestError)
    expect((error as Error).message).toContain('prompt is too long')
  })

  test('an upstream stream that breaks off ends in an Anthropic error event, never message_stop', async () => {
    const token = new URL(client.baseURL).pathname.split('/')[2]
    const response = await fetch(`${bridge.url}/proxy/${token}/v1/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ask('break-off'), stream: true }),
    })
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text).toContain('event: error')
    expect(text).not.toContain('message_stop')
  })

  test("count_tokens is OpenAI's own count (/v1/responses/input_tokens) for the mapped model, not an estimate", async () => {
    const response = await client.messages.countTokens({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hello there, how are you?' }] }).asResponse()
    expect(response.headers.get('x-llm-bridge-estimated')).toBeNull()
    expect(await response.json()).toEqual({ input_tokens: 21 })
    const seen = upstream.requests.at(-1)!
    expect(seen.path).toBe('/v1/responses/input_tokens')
    expect((seen.json as { model: string }).model).toBe('gpt-4.1-nano')
  })

  test('translation warnings reach a response header (codes only) and the log row', async () => {
    const rowsBefore = harness.rows.length
    const { response } = await client.messages.create(ask('Invent a holiday', { top_k: 5 } as unknown as Partial<Anthropic.MessageCreateParamsNonStreaming>)).withResponse()
    expect(response.headers.get('x-llm-bridge-warnings')).toBe('1; dropped-field')
    await waitForRows(harness.rows, rowsBefore + 1)
    expect(harness.rows.at(-1)!.warnings).toEqual([expect.objectContaining({ code: 'dropped-field', field: 'top_k' })])
  })

  test('models are listed locally from the model map, in the Anthropic format', async () => {
    const page = await client.models.list()
    expect(page.data.map((model) => model.id)).toEqual(['claude-opus-4'])
  })

  test("the target preset's named patches are applied: OpenAI gets max_completion_tokens, not max_tokens", async () => {
    await client.messages.create(ask('Invent a holiday'))
    const sent = upstream.requests.at(-1)!.json as Record<string, unknown>
    expect(sent.max_completion_tokens).toBe(200)
    expect(sent).not.toHaveProperty('max_tokens')
  })
})
