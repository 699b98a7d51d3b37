/**
 * The Vercel AI SDK as a client of the bridge, beside the official SDKs: its OpenAI Responses
 * provider (`createOpenAI({ baseURL: '<proxyUrl>/v1' }).responses(model)`) and its Google provider
 * (`createGoogleGenerativeAI({ baseURL: '<proxyUrl>/v1beta' })`), each through the real server to
 * an Anthropic and an OpenAI Chat upstream. generateText with a tool call and streamText with
 * text: what the SDK accumulated is what the upstream said, and the upstream received the
 * translated prompt and tool with the sealed key, never the client's.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createGoogleGenerativeAI } from '@ai-sdk/google'
import { createOpenAI } from '@ai-sdk/openai'
import { generateText, jsonSchema, streamText, tool, type LanguageModel } from 'ai'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { anthropicReply, openaiReply, type AnthropicAnswer, type OpenAiAnswer } from '../support/e2e-wire.ts'
import type { MockReply, ReceivedRequest } from '../support/mock-upstream.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

const WEATHER = tool({
  description: 'Current weather in a city',
  inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }),
})
const PROMPT = 'What is the weather in Paris?'
const STREAMED = 'Bonjour from the upstream, streamed in pieces.'

/** What one upstream protocol is scripted to say, and how its received body reads back. */
type Upstream = {
  name: string
  target: () => Record<string, unknown>
  model: string
  chatPath: string
  callsWeather: (request: ReceivedRequest) => MockReply
  says: (text: string) => (request: ReceivedRequest) => MockReply
  /** The user text, the tool names and the key as the upstream received them. */
  read: (request: ReceivedRequest) => { user: string; tools: string[]; cityType: unknown; key: string | null }
}

type AnthropicBody = { messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> }>; tools?: Array<{ name: string; input_schema: { properties: { city?: { type?: unknown } } } }> }
type ChatBody = { messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> }>; tools?: Array<{ function: { name: string; parameters: { properties: { city?: { type?: unknown } } } } }> }

const textOf = (content: string | Array<{ type: string; text?: string }> | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('')

const ANTHROPIC: Upstream = {
  name: 'Anthropic',
  target: () => ({ protocol: 'anthropic', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } }),
  model: 'claude-sonnet-4-5',
  chatPath: '/v1/messages',
  callsWeather: anthropicReply({
    blocks: [{ type: 'tool_use', id: 'toolu_01AiSdkWeather', name: 'get_weather', input: { city: 'Paris' } }],
    stopReason: 'tool_use',
    usage: { input: 40, output: 12 },
  } satisfies AnthropicAnswer),
  says: (text) => anthropicReply({ blocks: [{ type: 'text', text }], stopReason: 'end_turn', usage: { input: 10, output: 9 } }),
  read: (request) => {
    const body = request.json as AnthropicBody
    return {
      user: textOf(body.messages.find((message) => message.role === 'user')?.content),
      tools: (body.tools ?? []).map((entry) => entry.name),
      cityType: body.tools?.[0]?.input_schema.properties.city?.type,
      key: request.headers.get('x-api-key'),
    }
  },
}

const CHAT: Upstream = {
  name: 'OpenAI Chat',
  target: () => ({ protocol: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } }),
  model: 'gpt-4o',
  chatPath: '/v1/chat/completions',
  callsWeather: openaiReply({
    toolCalls: [{ id: 'call_AiSdkWeather', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    finish: 'tool_calls',
    usage: { prompt: 40, completion: 12 },
    model: 'gpt-4o',
  } satisfies OpenAiAnswer),
  says: (content) => openaiReply({ content, finish: 'stop', usage: { prompt: 10, completion: 9 }, model: 'gpt-4o' }),
  read: (request) => {
    const body = request.json as ChatBody
    return {
      user: textOf(body.messages.find((message) => message.role === 'user')?.content),
      tools: (body.tools ?? []).map((entry) => entry.function.name),
      cityType: body.tools?.[0]?.function.parameters.properties.city?.type,
      key: request.headers.get('authorization'),
    }
  },
}

const sealedKey = (upstream: Upstream): string => (upstream === ANTHROPIC ? UPSTREAM_KEY : `Bearer ${UPSTREAM_KEY}`)

/** One scenario per client: the AI SDK model for a freshly minted URL. */
type Client = { name: string; source: string; model: (proxyUrl: string) => LanguageModel }

const RESPONSES: Client = {
  name: 'createOpenAI(...).responses',
  source: 'openai-responses',
  model: (proxyUrl) => createOpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: CLIENT_KEY }).responses('gpt-5-mini'),
}
const GOOGLE: Client = {
  name: 'createGoogleGenerativeAI',
  source: 'gemini',
  model: (proxyUrl) => createGoogleGenerativeAI({ baseURL: `${proxyUrl}/v1beta`, apiKey: CLIENT_KEY })('gemini-2.5-flash'),
}

for (const client of [RESPONSES, GOOGLE]) {
  for (const upstream of [ANTHROPIC, CHAT]) {
    describe(`AI SDK ${client.name} → bridge → ${upstream.name} upstream`, () => {
      async function mint(): Promise<{ model: LanguageModel; tokenId: string }> {
        const { proxyUrl, tokenId } = await bridge.mint({
          version: 2, source: { protocol: client.source }, target: upstream.target(), model: { mode: 'force', force: upstream.model },
        })
        return { model: client.model(proxyUrl), tokenId }
      }

      function expectOneUpstreamCall(stream: boolean): ReturnType<Upstream['read']> {
        expect(bridge.mock.requests.map((request) => request.path)).toEqual([upstream.chatPath])
        const [request] = bridge.mock.requests
        if (request === undefined) throw new Error('no upstream request')
        expect((request.json as { model?: unknown; stream?: unknown })).toMatchObject({ model: upstream.model, ...(stream ? { stream: true } : {}) })
        expect(request.text).not.toContain(CLIENT_KEY)
        return upstream.read(request)
      }

      test('generateText with a tool: the SDK returns the tool call the upstream made', async () => {
        const { model, tokenId } = await mint()
        bridge.mock.script(upstream.callsWeather)
        const result = await generateText({ model, prompt: PROMPT, tools: { get_weather: WEATHER }, maxRetries: 0 })
        expect(result.finishReason).toBe('tool-calls')
        expect(result.toolCalls.map((call) => ({ toolName: call.toolName, input: call.input }))).toEqual([{ toolName: 'get_weather', input: { city: 'Paris' } }])
        expect(result.text).toBe('')

        const seen = expectOneUpstreamCall(false)
        expect(seen).toEqual({ user: PROMPT, tools: ['get_weather'], cityType: 'string', key: sealedKey(upstream) })
        const [row] = await bridge.rowsFor(tokenId, 1)
        expect(row).toMatchObject({ status: 200, upstreamModel: upstream.model })
      })

      test('streamText: the streamed text is what the upstream said', async () => {
        const { model } = await mint()
        bridge.mock.script(upstream.says(STREAMED))
        const result = streamText({ model, prompt: 'Say hello', maxRetries: 0 })
        let text = ''
        for await (const delta of result.textStream) text += delta
        expect(text).toBe(STREAMED)
        expect(await result.finishReason).toBe('stop')

        const seen = expectOneUpstreamCall(true)
        expect(seen).toEqual({ user: 'Say hello', tools: [], cityType: undefined, key: sealedKey(upstream) })
      })
    })
  }
}
