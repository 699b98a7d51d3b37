/**
 * End to end: the official OpenAI SDK → the real bridge (createServer, port 0, SQLite log) → an
 * Anthropic Messages mock upstream. Every scenario runs three ways: chat.completions.create,
 * chat.completions.create with stream: true (chunks checked for grammar) and
 * chat.completions.stream(...).finalChatCompletion(); each asserts what the client got, what the
 * upstream received and the request's one log row.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type OpenAI from 'openai'
import { anthropicTargetBody, CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { askOpenAi, OPENAI_MODES, openaiClient, type OpenAiMode } from '../support/e2e-clients.ts'
import { anthropicReply, fixtureReply, readFixtureJson } from '../support/e2e-wire.ts'
import type { MockReply, ReceivedRequest } from '../support/mock-upstream.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

type WireBlock = { type: string; [field: string]: unknown }
type WireBody = {
  model: string
  system?: unknown
  messages: Array<{ role: string; content: string | WireBlock[] }>
  max_tokens?: number
  stream?: boolean
  stop_sequences?: string[]
  tools?: Array<{ name: string; description?: string; input_schema: unknown }>
  tool_choice?: unknown
}

const body = (request: ReceivedRequest | undefined): WireBody => request?.json as WireBody

async function connect(): Promise<{ client: OpenAI; tokenId: string }> {
  const { proxyUrl, tokenId } = await bridge.mint(anthropicTargetBody(bridge))
  return { client: openaiClient(proxyUrl), tokenId }
}

function expectUpstreamBasics(seen: ReceivedRequest, mode: OpenAiMode): void {
  expect(seen.method).toBe('POST')
  expect(seen.path).toBe('/v1/messages')
  expect(seen.headers.get('x-api-key')).toBe(UPSTREAM_KEY)
  expect(seen.headers.get('anthropic-version')).toBeTruthy()
  expect(seen.headers.has('authorization')).toBe(false)
  for (const [, value] of seen.headers) expect(value).not.toContain(CLIENT_KEY)
  expect(seen.text).not.toContain(CLIENT_KEY)
  expect(body(seen).model).toBe('claude-sonnet-4-5')
  if (mode === 'create') expect(body(seen).stream).toBeUndefined()
  else expect(body(seen).stream).toBe(true)
}

async function expectOneRow(tokenId: string, expected: { status: number; stream: boolean; usage?: { inputTokens: number; outputTokens: number } }): Promise<void> {
  const rows = await bridge.rowsFor(tokenId, 1)
  expect(rows).toHaveLength(1)
  expect(rows[0]).toMatchObject({
    status: expected.status, stream: expected.stream, sourceProtocol: 'openai', targetProtocol: 'anthropic', provider: 'anthropic', endpointGroup: 'chat',
    upstreamModel: 'claude-sonnet-4-5',
  })
  if (expected.usage) expect(rows[0]!.usage).toMatchObject(expected.usage)
}

const WEATHER_TOOL: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}

const labelTool = (name: string): OpenAI.ChatCompletionTool => ({ type: 'function', function: { name, parameters: { type: 'object', properties: {} } } })

/** A 1×1 PNG. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='

const textJson = await readFixtureJson<{ content: Array<{ text: string }> }>('anthropic-messages/anthropic-text.json')
const STREAMED_TEXT = "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?"

for (const mode of OPENAI_MODES) {
  const stream = mode !== 'create'
  describe(`OpenAI SDK ${mode} → Anthropic upstream`, () => {
    test('text: the answer, finish stop and usage arrive; the upstream got the mapped model, its own key and a default max_tokens', async () => {
      bridge.mock.script(await fixtureReply({ json: 'anthropic-messages/anthropic-text.json', stream: 'anthropic-messages/anthropic-text.chunks.txt' }))
      const { client, tokenId } = await connect()
      const answer = await askOpenAi(client, mode, {
        model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'How are you?' }],
      })
      expect(answer.model).toBe('gpt-4o-mini')
      expect(answer.id).toStartWith('chatcmpl')
      expect(answer.content).toBe(stream ? STREAMED_TEXT : textJson.content[0]!.text)
      expect(answer.finishReason).toBe('stop')
      expect(answer.toolCalls).toEqual([])
      expect(answer.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: stream ? 30 : 29 })

      expect(bridge.mock.requests).toHaveLength(1)
      const seen = bridge.mock.requests[0]!
      expectUpstreamBasics(seen, mode)
      // Anthropic requires max_tokens: the catalog's default fills in what the client left out.
      expect(body(seen).max_tokens).toBe(8192)
      expect(JSON.stringify(body(seen).system)).toContain('Be kind.')
      expect(body(seen).messages).toEqual([{ role: 'user', content: expect.anything() }])
      expect(JSON.stringify(body(seen).messages[0]!.content)).toContain('How are you?')
      await expectOneRow(tokenId, { status: 200, stream, usage: { inputTokens: 12, outputTokens: stream ? 30 : 29 } })
    })

    test('max tokens: stop_reason max_tokens becomes finish_reason length; max_completion_tokens over the cap is clamped', async () => {
      bridge.mock.script(anthropicReply({ blocks: [{ type: 'text', text: 'Once upon a' }], stopReason: 'max_tokens', usage: { input: 12, output: 3 } }))
      const { client, tokenId } = await connect()
      const answer = await askOpenAi(client, mode, { model: 'gpt-4o', max_completion_tokens: 100_000, messages: [{ role: 'user', content: 'Tell a story' }] })
      expect(answer.finishReason).toBe('length')
      expect(answer.content).toBe('Once upon a')
      // claude-sonnet-4-5's output limit in the catalog (LESSONS #7).
      expect(body(bridge.mock.requests[0]).max_tokens).toBe(64_000)
      await expectOneRow(tokenId, { status: 200, stream, usage: { inputTokens: 12, outputTokens: 3 } })
    })

    test('stop sequence: stop goes upstream as stop_sequences; stop_reason stop_sequence becomes finish_reason stop', async () => {
      bridge.mock.script(await fixtureReplyStopSequence())
      const { client, tokenId } = await connect()
      const answer = await askOpenAi(client, mode, { model: 'gpt-4o', max_tokens: 50, stop: ['charlie'], messages: [{ role: 'user', content: 'NATO alphabet, one per line' }] })
      expect(answer.content).toBe('alpha\nbravo\n')
      expect(answer.finishReason).toBe('stop')
      expect(body(bridge.mock.requests[0]).stop_sequences).toEqual(['charlie'])
      expect(body(bridge.mock.requests[0]).max_tokens).toBe(50)
      await expectOneRow(tokenId, { status: 200, stream, usage: { inputTokens: 27, outputTokens: 6 } })
    })

    test('one tool call: a tool_use becomes tool_calls with JSON arguments and finish tool_calls; tools and tool_choice required → any upstream', async () => {
      bridge.mock.script(anthropicReply({
        blocks: [{ type: 'tool_use', id: 'toolu_weather_1', name: 'get_weather', input: { city: 'Paris' } }], stopReason: 'tool_use', usage: { input: 80, output: 20 },
      }))
      const { client, tokenId } = await connect()
      const answer = await askOpenAi(client, mode, { model: 'gpt-4o', tools: [WEATHER_TOOL], tool_choice: 'required', messages: [{ role: 'user', content: 'Weather in Paris?' }] })
      expect(answer.finishReason).toBe('tool_calls')
      expect(answer.toolCalls).toHaveLength(1)
      expect(answer.toolCalls[0]).toMatchObject({ id: 'toolu_weather_1', name: 'get_weather' })
      expect(JSON.parse(answer.toolCalls[0]!.arguments)).toEqual({ city: 'Paris' })
      const seen = body(bridge.mock.requests[0])
      expect(seen.tools).toEqual([{ name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_TOOL.function.parameters }])
      expect(seen.tool_choice).toEqual({ type: 'any' })
      await expectOneRow(tokenId, { status: 200, stream, usage: { inputTokens: 80, outputTokens: 20 } })
    })

    test('parallel tool calls: text and both tool_use blocks arrive together, ids and names paired, indices 0 and 1', async () => {
      bridge.mock.script(await fixtureReply({ json: 'anthropic-messages/anthropic-parallel-tool-use.json', stream: 'anthropic-messages/anthropic-parallel-tool-use.sse' }))
      const { client, tokenId } = await connect()
      const answer = await askOpenAi(client, mode, {
        model: 'gpt-4o', tools: [labelTool('lookup_harbor_label'), labelTool('lookup_orchard_label')], messages: [{ role: 'user', content: 'Call both tools' }],
      })
      expect(answer.content).toContain('both tools')
      expect(answer.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, input: JSON.parse(args) as unknown }))).toEqual([
        { id: 'toolu_REDACTED_1', name: 'lookup_harbor_label', input: {} },
        { id: 'toolu_REDACTED_2', name: 'lookup_orchard_label', input: {} },
      ])
      expect(answer.finishReason).toBe('tool_calls')
      await expectOneRow(tokenId, { status: 200, stream, usage: { inputTokens: 700, outputTokens: 70 } })
    })

    test('tool-result turn: tool messages become tool_result blocks in one user turn, in call order, with the text after them', async () => {
      bridge.mock.script(anthropicReply({ blocks: [{ type: 'text', text: 'Red and blue.' }], stopReason: 'end_turn', usage: { input: 120, output: 4 } }))
      const { client, tokenId } = await connect()
      const answer = await askOpenAi(client, mode, {
        model: 'gpt-4o', tools: [labelTool('alpha'), labelTool('beta')],
        messages: [
          { role: 'user', content: 'Call both tools' },
          { role: 'assistant', content: 'Calling both.', tool_calls: [
            { id: 'call_A', type: 'function', function: { name: 'alpha', arguments: '{"value":"a"}' } },
            { id: 'call_B', type: 'function', function: { name: 'beta', arguments: '{"value":"b"}' } },
          ] },
          { role: 'tool', tool_call_id: 'call_A', content: 'red' },
          { role: 'tool', tool_call_id: 'call_B', content: 'blue' },
          { role: 'user', content: 'What did they say?' },
        ],
      })
      expect(answer.content).toBe('Red and blue.')
      const sent = body(bridge.mock.requests[0]).messages
      expect(sent.map((entry) => entry.role)).toEqual(['user', 'assistant', 'user'])
      expect(sent[1]!.content).toEqual([
        { type: 'text', text: 'Calling both.' },
        { type: 'tool_use', id: 'call_A', name: 'alpha', input: { value: 'a' } },
        { type: 'tool_use', id: 'call_B', name: 'beta', input: { value: 'b' } },
      ])
      const blocks = sent[2]!.content as WireBlock[]
      expect(blocks.map((block) => [block.type, block.tool_use_id])).toEqual([['tool_result', 'call_A'], ['tool_result', 'call_B'], ['text', undefined]])
      expect(JSON.stringify(blocks[0]!.content)).toContain('red')
      expect(JSON.stringify(blocks[1]!.content)).toContain('blue')
      expect(blocks[2]).toMatchObject({ text: 'What did they say?' })
      await expectOneRow(tokenId, { status: 200, stream })
    })

    test('images: a data URL becomes a base64 image source and an https URL a url source', async () => {
      bridge.mock.script(anthropicReply({ blocks: [{ type: 'text', text: 'Two images.' }], stopReason: 'end_turn', usage: { input: 900, output: 3 } }))
      const { client, tokenId } = await connect()
      const answer = await askOpenAi(client, mode, {
        model: 'gpt-4o',
        messages: [{ role: 'user', content: [
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL_PNG}` } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          { type: 'text', text: 'Describe both' },
        ] }],
      })
      expect(answer.content).toBe('Two images.')
      expect(body(bridge.mock.requests[0]).messages[0]!.content).toEqual([
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL_PNG } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
        { type: 'text', text: 'Describe both' },
      ])
      await expectOneRow(tokenId, { status: 200, stream })
    })

    test('reasoning: an Anthropic thinking block reaches the client as reasoning_content, before the answer', async () => {
      bridge.mock.script(await fixtureReply({ json: 'anthropic-messages/anthropic-thinking-signature.json', stream: 'anthropic-messages/anthropic-thinking-signature.chunks.txt' }))
      const { client, tokenId } = await connect()
      const answer = await askOpenAi(client, mode, { model: 'gpt-4o', reasoning_effort: 'low', messages: [{ role: 'user', content: 'Divide 925 by 5' }] })
      expect(answer.reasoning).toBe(stream ? 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185' : '925 divided by 5 = 185')
      expect(answer.content).toBe('925 ÷ 5 = 185')
      expect(JSON.stringify(answer)).not.toContain('Er4BCkYICxgCKkCo')
      await expectOneRow(tokenId, { status: 200, stream, usage: { inputTokens: 69, outputTokens: stream ? 53 : 33 } })
    })
  })
}

/** anthropic-stop-sequence.sse streamed; its non-streaming twin built from the same content. */
async function fixtureReplyStopSequence(): Promise<(request: ReceivedRequest) => MockReply> {
  const sse = await Bun.file(`${import.meta.dir}/../fixtures/anthropic-messages/anthropic-stop-sequence.sse`).text()
  const whole = anthropicReply({ blocks: [{ type: 'text', text: 'alpha\nbravo\n' }], stopReason: 'stop_sequence', stopSequence: 'charlie', usage: { input: 27, output: 6 } })
  return (request) => ((request.json as { stream?: boolean }).stream === true ? { chunks: [sse] } : whole(request))
}
