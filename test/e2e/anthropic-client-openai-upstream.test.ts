/**
 * End to end: the official Anthropic SDK → the real bridge (createServer, port 0, SQLite log) →
 * an OpenAI Chat mock upstream. Every scenario runs with messages.create and with
 * messages.stream(...).finalMessage() (whose raw events are checked for stream grammar), and
 * asserts what the client got, what the upstream received and the request's one log row.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type Anthropic from '@anthropic-ai/sdk'
import { CLIENT_KEY, openaiTargetBody, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { ANTHROPIC_MODES, anthropicClient, askAnthropic, type AnthropicMode } from '../support/e2e-clients.ts'
import { fixtureReply, openaiReply, readFixtureJson } from '../support/e2e-wire.ts'
import type { ReceivedRequest } from '../support/mock-upstream.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

type WireMessage = { role: string; content?: unknown; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string; reasoning_content?: string }
type WireBody = {
  model: string
  messages: WireMessage[]
  max_tokens?: number
  max_completion_tokens?: number
  stream?: boolean
  stream_options?: { include_usage?: boolean }
  stop?: string[]
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters: unknown } }>
  tool_choice?: unknown
}

const body = (request: ReceivedRequest | undefined): WireBody => request?.json as WireBody

/** Mints a URL for one scenario: its own token id keeps its log rows apart. */
async function connect(): Promise<{ client: Anthropic; tokenId: string }> {
  const { proxyUrl, tokenId } = await bridge.mint(openaiTargetBody(bridge))
  return { client: anthropicClient(proxyUrl), tokenId }
}

/** DeepSeek's preset keeps reasoning_content in the history (OpenAI's strips it: its API rejects the field). */
async function connectDeepSeek(): Promise<{ client: Anthropic; tokenId: string }> {
  const target = { protocol: 'openai', provider: 'deepseek', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } }
  const { proxyUrl, tokenId } = await bridge.mint(openaiTargetBody(bridge, { target }))
  return { client: anthropicClient(proxyUrl), tokenId }
}

/** What every translated request must look like upstream, whatever the scenario. */
function expectUpstreamBasics(seen: ReceivedRequest, mode: AnthropicMode): void {
  expect(seen.method).toBe('POST')
  expect(seen.path).toBe('/v1/chat/completions')
  expect(seen.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
  expect(seen.headers.has('x-api-key')).toBe(false)
  expect(seen.headers.has('anthropic-version')).toBe(false)
  for (const [, value] of seen.headers) expect(value).not.toContain(CLIENT_KEY)
  expect(seen.text).not.toContain(CLIENT_KEY)
  expect(body(seen).model).toBe('gpt-4o')
  if (mode === 'stream') {
    expect(body(seen).stream).toBe(true)
    expect(body(seen).stream_options).toEqual({ include_usage: true })
  } else {
    expect(body(seen).stream).toBeUndefined()
  }
}

async function expectOneRow(tokenId: string, expected: { status: number; stream: boolean; usage?: { inputTokens: number; outputTokens: number } }): Promise<void> {
  const rows = await bridge.rowsFor(tokenId, 1)
  expect(rows).toHaveLength(1)
  const row = rows[0]!
  expect(row).toMatchObject({ status: expected.status, stream: expected.stream, sourceProtocol: 'anthropic', targetProtocol: 'openai', provider: 'openai', endpointGroup: 'chat', upstreamModel: 'gpt-4o' })
  if (expected.usage) expect(row.usage).toMatchObject(expected.usage)
}

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city'] },
}

const labelTool = (name: string): Anthropic.Tool => ({ name, input_schema: { type: 'object', properties: { value: { type: 'string' } } } })

/** A 1×1 PNG. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='

const textFixture = await readFixtureJson<{ choices: Array<{ message: { content: string } }> }>('openai-chat/openai-text.json')
const textChunksFile = await Bun.file(`${import.meta.dir}/../fixtures/openai-chat/openai-text.chunks.txt`).text()
const streamedText = textChunksFile.split('\n').filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content ?? '').join('')

for (const mode of ANTHROPIC_MODES) {
  const stream = mode === 'stream'
  describe(`Anthropic SDK ${mode} → OpenAI Chat upstream`, () => {
    test('text: the answer, end_turn and usage arrive; the upstream got the mapped model, its own key and a usage request', async () => {
      bridge.mock.script(await fixtureReply({ json: 'openai-chat/openai-text.json', stream: 'openai-chat/openai-text.chunks.txt' }))
      const { client, tokenId } = await connect()
      const message = await askAnthropic(client, mode, {
        model: 'claude-sonnet-4-6[1m]', max_tokens: 200, system: 'Be festive.', messages: [{ role: 'user', content: 'Invent a holiday' }],
      })
      expect(message.type).toBe('message')
      expect(message.role).toBe('assistant')
      expect(message.model).toBe('claude-sonnet-4-6[1m]')
      expect(message.content).toHaveLength(1)
      expect(message.content[0]).toMatchObject({ type: 'text', text: stream ? streamedText : textFixture.choices[0]!.message.content })
      expect(message.stop_reason).toBe('end_turn')
      expect(message.stop_sequence).toBeNull()
      expect(message.usage).toMatchObject({ input_tokens: 16, output_tokens: stream ? 300 : 363 })

      expect(bridge.mock.requests).toHaveLength(1)
      const seen = bridge.mock.requests[0]!
      expectUpstreamBasics(seen, mode)
      // The openai preset's max-completion-tokens patch: reasoning models reject max_tokens.
      expect(body(seen).max_completion_tokens).toBe(200)
      expect(body(seen).max_tokens).toBeUndefined()
      expect(body(seen).messages).toEqual([{ role: 'system', content: 'Be festive.' }, { role: 'user', content: 'Invent a holiday' }])
      await expectOneRow(tokenId, { status: 200, stream, usage: { inputTokens: 16, outputTokens: stream ? 300 : 363 } })
    })

    test('max tokens: finish_reason length becomes stop_reason max_tokens; a max_tokens over the catalog cap is clamped', async () => {
      bridge.mock.script(openaiReply({ content: 'Once upon a', finish: 'length', usage: { prompt: 12, completion: 3 } }))
      const { client, tokenId } = await connect()
      const message = await askAnthropic(client, mode, { model: 'claude-opus-4-1', max_tokens: 20_000, messages: [{ role: 'user', content: 'Tell a story' }] })
      expect(message.stop_reason).toBe('max_tokens')
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Once upon a' })])
      expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 3 })
      const seen = bridge.mock.requests[0]!
      expectUpstreamBasics(seen, mode)
      // gpt-4o's output limit in the catalog (LESSONS #7).
      expect(body(seen).max_completion_tokens).toBe(16_384)
      const rows = await bridge.rowsFor(tokenId, 1)
      expect(rows).toHaveLength(1)
      expect(rows[0]!.warnings.map((warning) => warning.code)).toContain('clamped-max-tokens')
    })

    test('stop sequence: stop_sequences go upstream as stop; an OpenAI stop reads as end_turn (which sequence matched is unknown)', async () => {
      bridge.mock.script(openaiReply({ content: 'alpha\nbravo\n', finish: 'stop', usage: { prompt: 27, completion: 6 } }))
      const { client, tokenId } = await connect()
      const message = await askAnthropic(client, mode, {
        model: 'claude-haiku-4-5', max_tokens: 50, stop_sequences: ['charlie'], messages: [{ role: 'user', content: 'Spell the NATO alphabet, one per line' }],
      })
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'alpha\nbravo\n' })])
      expect(message.stop_reason).toBe('end_turn')
      expect(message.stop_sequence).toBeNull()
      expect(body(bridge.mock.requests[0]).stop).toEqual(['charlie'])
      await expectOneRow(tokenId, { status: 200, stream, usage: { inputTokens: 27, outputTokens: 6 } })
    })

    test('one tool call: a tool_use block with parsed input and stop_reason tool_use; tools and tool_choice any → required upstream', async () => {
      bridge.mock.script(openaiReply({
        toolCalls: [{ id: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' }], finish: 'tool_calls', usage: { prompt: 80, completion: 20 },
      }))
      const { client, tokenId } = await connect()
      const message = await askAnthropic(client, mode, {
        model: 'claude-sonnet-4-6', max_tokens: 300, tool_choice: { type: 'any' }, tools: [WEATHER_TOOL],
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
      })
      expect(message.stop_reason).toBe('tool_use')
      expect(message.content).toHaveLength(1)
      expect(message.content[0]).toMatchObject({ type: 'tool_use', id: 'call_weather_1', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } })
      const seen = body(bridge.mock.requests[0])
      expect(seen.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: WEATHER_TOOL.description, parameters: WEATHER_TOOL.input_schema } }])
      expect(seen.tool_choice).toBe('required')
      await expectOneRow(tokenId, { status: 200, stream, usage: { inputTokens: 80, outputTokens: 20 } })
    })

    test('parallel tool calls: every call becomes its own tool_use block, ids and names paired, in order', async () => {
      bridge.mock.script(await fixtureReply({ json: 'openai-chat/openai-parallel-tool-calls.json', stream: 'openai-chat/openai-parallel-tool-calls.sse' }))
      const { client, tokenId } = await connect()
      const message = await askAnthropic(client, mode, {
        model: 'claude-sonnet-4-6', max_tokens: 300, tools: [labelTool('alpha'), labelTool('beta'), labelTool('lookup_harbor_label'), labelTool('lookup_orchard_label')],
        messages: [{ role: 'user', content: 'Call both tools' }],
      })
      const calls = message.content.filter((block) => block.type === 'tool_use')
      // The recorded non-streaming answer calls alpha/beta; the recorded stream calls the two lookups.
      const expected = stream
        ? [{ id: 'call_REDACTED_1', name: 'lookup_harbor_label', input: {} }, { id: 'call_REDACTED_2', name: 'lookup_orchard_label', input: {} }]
        : [{ id: 'call_REDACTED_1', name: 'alpha', input: { value: 'red' } }, { id: 'call_REDACTED_2', name: 'beta', input: { value: 'blue' } }]
      expect(calls.map(({ id, name, input }) => ({ id, name, input }))).toEqual(expected)
      expect(message.stop_reason).toBe('tool_use')
      await expectOneRow(tokenId, { status: 200, stream, usage: stream ? { inputTokens: 157, outputTokens: 45 } : { inputTokens: 90, outputTokens: 42 } })
    })

    test('tool-result turn: results sent out of order go upstream as tool messages in call order, right after the assistant turn', async () => {
      bridge.mock.script(openaiReply({ content: 'Red and blue.', finish: 'stop', usage: { prompt: 120, completion: 4 } }))
      const { client, tokenId } = await connect()
      const message = await askAnthropic(client, mode, {
        model: 'claude-sonnet-4-6', max_tokens: 300, tools: [labelTool('alpha'), labelTool('beta')],
        messages: [
          { role: 'user', content: 'Call both tools' },
          { role: 'assistant', content: [
            { type: 'text', text: 'Calling both.' },
            { type: 'tool_use', id: 'toolu_A', name: 'alpha', input: { value: 'a' } },
            { type: 'tool_use', id: 'toolu_B', name: 'beta', input: { value: 'b' } },
          ] },
          { role: 'user', content: [
            { type: 'tool_result', tool_use_id: 'toolu_B', content: 'blue' },
            { type: 'tool_result', tool_use_id: 'toolu_A', content: [{ type: 'text', text: 'red' }], is_error: true },
            { type: 'text', text: 'What did they say?' },
          ] },
        ],
      })
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Red and blue.' })])
      const sent = body(bridge.mock.requests[0]).messages
      expect(sent.map((entry) => entry.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'user'])
      expect(sent[1]).toMatchObject({
        content: 'Calling both.',
        tool_calls: [
          { id: 'toolu_A', type: 'function', function: { name: 'alpha', arguments: '{"value":"a"}' } },
          { id: 'toolu_B', type: 'function', function: { name: 'beta', arguments: '{"value":"b"}' } },
        ],
      })
      expect(sent[2]).toMatchObject({ tool_call_id: 'toolu_A' })
      expect(JSON.stringify(sent[2]!.content)).toContain('red')
      expect(sent[3]).toMatchObject({ tool_call_id: 'toolu_B' })
      expect(JSON.stringify(sent[3]!.content)).toContain('blue')
      expect(JSON.stringify(sent[4]!.content)).toContain('What did they say?')
      await expectOneRow(tokenId, { status: 200, stream })
    })

    test('images: base64 becomes a data URL and a URL image stays a URL in the OpenAI user message', async () => {
      bridge.mock.script(openaiReply({ content: 'Two red pixels.', finish: 'stop', usage: { prompt: 900, completion: 4 } }))
      const { client, tokenId } = await connect()
      const message = await askAnthropic(client, mode, {
        model: 'claude-sonnet-4-6', max_tokens: 100,
        messages: [{ role: 'user', content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL_PNG } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'text', text: 'Describe both' },
        ] }],
      })
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Two red pixels.' })])
      const user = body(bridge.mock.requests[0]).messages[0]!
      expect(user.role).toBe('user')
      expect(user.content).toEqual([
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL_PNG}` } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        { type: 'text', text: 'Describe both' },
      ])
      await expectOneRow(tokenId, { status: 200, stream })
    })

    test('image inside a tool result: the tool message says so and the image follows in the next user message (LESSONS #13)', async () => {
      bridge.mock.script(openaiReply({ content: 'A red pixel.', finish: 'stop', usage: { prompt: 300, completion: 4 } }))
      const { client, tokenId } = await connect()
      await askAnthropic(client, mode, {
        model: 'claude-sonnet-4-6', max_tokens: 100, tools: [labelTool('screenshot')],
        messages: [
          { role: 'user', content: 'Take a screenshot' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_shot', name: 'screenshot', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_shot', content: [
            { type: 'text', text: 'captured' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL_PNG } },
          ] }] },
        ],
      })
      const sent = body(bridge.mock.requests[0]).messages
      expect(sent.map((entry) => entry.role)).toEqual(['user', 'assistant', 'tool', 'user'])
      expect(sent[2]).toMatchObject({ tool_call_id: 'toolu_shot' })
      expect(JSON.stringify(sent[2]!.content)).toContain('captured')
      expect(sent[3]!.content).toContainEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL_PNG}` } })
      await expectOneRow(tokenId, { status: 200, stream })
    })

    test('tool_choice: a named tool and disable_parallel_tool_use reach OpenAI as a function choice and parallel_tool_calls false (LESSONS #5)', async () => {
      bridge.mock.script(openaiReply({ toolCalls: [{ id: 'call_w', name: 'get_weather', arguments: '{"city":"Oslo"}' }], finish: 'tool_calls', usage: { prompt: 50, completion: 9 } }))
      const { client, tokenId } = await connect()
      const message = await askAnthropic(client, mode, {
        model: 'claude-sonnet-4-6', max_tokens: 100, tools: [WEATHER_TOOL, labelTool('alpha')],
        tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
        messages: [{ role: 'user', content: 'Weather in Oslo' }],
      })
      expect(message.content[0]).toMatchObject({ type: 'tool_use', id: 'call_w', input: { city: 'Oslo' } })
      const seen = body(bridge.mock.requests[0]) as WireBody & { parallel_tool_calls?: boolean }
      expect(seen.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } })
      expect(seen.parallel_tool_calls).toBe(false)
      await expectOneRow(tokenId, { status: 200, stream })
    })

    test('reasoning: DeepSeek reasoning_content becomes a thinking block with a signature, before the text', async () => {
      bridge.mock.script(await fixtureReply({ json: 'openai-chat/deepseek-reasoning-content.json', stream: 'openai-chat/deepseek-reasoning-content.chunks.txt' }))
      const { client, tokenId } = await connect()
      const message = await askAnthropic(client, mode, {
        model: 'claude-sonnet-4-6', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [{ role: 'user', content: "How many 'r's are in the word 'strawberry'?" }],
      })
      expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text'])
      const thinking = message.content[0] as Anthropic.ThinkingBlock
      expect(thinking.thinking).toStartWith(stream ? 'We need' : 'We are asked')
      expect(thinking.signature.length).toBeGreaterThan(20)
      expect((message.content[1] as Anthropic.TextBlock).text).toContain('strawberry')
      await expectOneRow(tokenId, { status: 200, stream, usage: stream ? { inputTokens: 18, outputTokens: 219 } : { inputTokens: 18, outputTokens: 345 } })
    })

    test('reasoning passed back: the thinking block of turn 1, sent back in turn 2, reaches DeepSeek as reasoning_content (LESSONS #3)', async () => {
      const turnOne = await fixtureReply({ json: 'openai-chat/deepseek-reasoning-tool-call.json', stream: 'openai-chat/deepseek-reasoning-tool-call.chunks.txt' })
      const turnTwo = openaiReply({ content: 'It is sunny in San Francisco.', finish: 'stop', usage: { prompt: 400, completion: 8 } })
      bridge.mock.script((request, index) => (index === 0 ? turnOne(request) : turnTwo(request)))
      const { client, tokenId } = await connectDeepSeek()
      const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in San Francisco?' }
      const params = { model: 'claude-sonnet-4-6', max_tokens: 2000, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, tools: [WEATHER_TOOL] }
      const first = await askAnthropic(client, mode, { ...params, messages: [question] })
      expect(first.stop_reason).toBe('tool_use')
      const thinking = first.content.find((block) => block.type === 'thinking')
      const call = first.content.find((block) => block.type === 'tool_use')
      if (thinking?.type !== 'thinking' || call?.type !== 'tool_use') throw new Error(`expected thinking and tool_use, got ${JSON.stringify(first.content)}`)
      expect(call.name).toBe('weather')
      expect(call.input).toEqual({ location: 'San Francisco' })

      const second = await askAnthropic(client, mode, {
        ...params,
        messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny, 18°C' }] }],
      })
      expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: 'It is sunny in San Francisco.' })])
      const assistant = body(bridge.mock.requests[1]).messages.find((entry) => entry.role === 'assistant')
      expect(assistant?.reasoning_content).toBe(thinking.thinking)
      expect(assistant?.tool_calls?.[0]?.id).toBe(call.id)
      expect(JSON.stringify(body(bridge.mock.requests[1]))).not.toContain(thinking.signature)
      const rows = await bridge.rowsFor(tokenId, 2)
      expect(rows.map((row) => row.status)).toEqual([200, 200])
    })
  })
}
