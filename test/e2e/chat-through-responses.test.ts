/**
 * OpenAI's newest reasoning models refuse function tools with reasoning on Chat Completions
 * (LESSONS #28): the catalog names the Responses API as their chat wire, so a translated request
 * for such a model leaves an `openai` target through /v1/responses (same base URL, same key), and
 * the log row names that wire. An OpenAI Chat client, whose requests to an OpenAI target pass
 * through, gets them translated for such a model. Older models still go through
 * /v1/chat/completions. Through the real server with the official SDKs, streamed and not.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { ScriptedAnswer } from '../pair-matrix/contract.ts'
import { responseBody, responsesEvents } from '../pair-matrix/mocks/openai-responses.ts'
import { ANTHROPIC_MODES, anthropicClient, askAnthropic, askOpenAi, OPENAI_MODES, openaiClient } from '../support/e2e-clients.ts'
import { openaiTargetBody, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { openaiReply, wantsStream } from '../support/e2e-wire.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

const CALL: ScriptedAnswer = {
  reasoning: { text: 'The user wants the weather, so I call the tool.', token: 'gAAAAencrypted-by-openai' },
  toolCalls: [{ id: 'call_wire_1', name: 'get_weather', args: { city: 'Paris' } }],
  finish: 'tool-calls',
  usage: { input: 80, output: 30 },
}
const TOOLS = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }]

describe('chat for a model the catalog sends through Responses', () => {
  for (const mode of ANTHROPIC_MODES) {
    test(`gpt-5.4 with tools and thinking goes out on /v1/responses and the row says so (${mode})`, async () => {
      const { proxyUrl, tokenId } = await bridge.mint(openaiTargetBody(bridge, { model: { mode: 'force', force: 'gpt-5.4' } }))
      bridge.mock.script((request) => (wantsStream(request) ? { chunks: responsesEvents(CALL) } : { json: responseBody(CALL) }))
      const message = await askAnthropic(anthropicClient(proxyUrl), mode, {
        model: 'claude-sonnet-4-5', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, tools: TOOLS,
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
      })
      expect(message.stop_reason).toBe('tool_use')
      expect(message.content.find((block) => block.type === 'tool_use')).toMatchObject({ id: 'call_wire_1', name: 'get_weather', input: { city: 'Paris' } })
      expect(message.content.find((block) => block.type === 'thinking')).toMatchObject({ thinking: CALL.reasoning?.text })

      const [seen] = bridge.mock.requests
      expect(seen?.path).toBe('/v1/responses')
      expect(seen?.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
      const body = seen?.json as { model: string; store: boolean; tools: Array<{ type: string; name: string }>; reasoning?: { effort?: string }; input: unknown[] }
      expect(body).toMatchObject({ model: 'gpt-5.4', store: false, reasoning: { effort: 'low' } })
      expect(body.tools.map((tool) => `${tool.type}:${tool.name}`)).toEqual(['function:get_weather'])
      // No Chat Completions patch touched the Responses body.
      expect(seen?.text).not.toContain('max_completion_tokens')
      const [row] = await bridge.rowsFor(tokenId, 1)
      expect(row).toMatchObject({ status: 200, sourceProtocol: 'anthropic', targetProtocol: 'openai-responses', upstreamModel: 'gpt-5.4' })
    })
  }

  for (const mode of OPENAI_MODES) {
    test(`an OpenAI Chat client's gpt-5.4 request with tools and reasoning is translated to /v1/responses, not passed through (${mode})`, async () => {
      const { proxyUrl, tokenId } = await bridge.mint({
        version: 2,
        source: { protocol: 'openai' },
        target: { provider: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { token: UPSTREAM_KEY } },
      })
      bridge.mock.script((request) => (wantsStream(request) ? { chunks: responsesEvents(CALL) } : { json: responseBody(CALL) }))
      const seen = await askOpenAi(openaiClient(proxyUrl), mode, {
        model: 'gpt-5.4', reasoning_effort: 'medium', max_completion_tokens: 2000,
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: TOOLS[0]!.input_schema } }],
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
      })
      expect(seen.finishReason).toBe('tool_calls')
      expect(seen.toolCalls).toEqual([{ id: 'call_wire_1', name: 'get_weather', arguments: '{"city":"Paris"}' }])
      const [sent] = bridge.mock.requests
      expect(sent?.path).toBe('/v1/responses')
      expect(sent?.json).toMatchObject({ model: 'gpt-5.4', reasoning: { effort: 'medium' }, max_output_tokens: 2000 })
      const [row] = await bridge.rowsFor(tokenId, 1)
      expect(row).toMatchObject({ status: 200, sourceProtocol: 'openai', targetProtocol: 'openai-responses' })
    })
  }

  test('gpt-4o still goes out on /v1/chat/completions', async () => {
    const { proxyUrl, tokenId } = await bridge.mint(openaiTargetBody(bridge))
    bridge.mock.script(openaiReply({ content: 'Hi.', finish: 'stop', usage: { prompt: 5, completion: 2 } }))
    const message = await askAnthropic(anthropicClient(proxyUrl), 'create', { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] })
    expect(message.content.map((block) => (block.type === 'text' ? block.text : block.type))).toEqual(['Hi.'])
    expect(bridge.mock.requests[0]?.path).toBe('/v1/chat/completions')
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row?.targetProtocol).toBe('openai')
  })
})
