/**
 * The catalog decides whether an OpenAI-compatible upstream gets Anthropic-style cache_control
 * breakpoints (LESSONS #9): OpenRouter's preset says it takes them, OpenAI's says it does not.
 * The official Anthropic SDK as the client, the real server, a mock upstream.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { openaiReply } from '../support/e2e-wire.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

async function askThrough(provider: string, model: string): Promise<{ body: string; warnings: string | null }> {
  const { proxyUrl } = await bridge.mint({
    version: 2, source: { protocol: 'anthropic' },
    target: { protocol: 'openai', provider, baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
    model: { mode: 'force', force: model },
  })
  bridge.mock.script(openaiReply({ content: 'ok', finish: 'stop', usage: { prompt: 3, completion: 1 }, model }))
  const client = new Anthropic({ apiKey: CLIENT_KEY, baseURL: proxyUrl, maxRetries: 0 })
  const { response } = await client.messages.create({
    model: 'claude-sonnet-4-5', max_tokens: 100,
    system: [{ type: 'text', text: 'Long project rules', cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello', cache_control: { type: 'ephemeral' } }] }],
  }).withResponse()
  return { body: bridge.mock.requests[0]?.text ?? '', warnings: response.headers.get('x-llm-bridge-warnings') }
}

test('OpenRouter: the breakpoints reach the upstream on the text parts', async () => {
  const { body, warnings } = await askThrough('openrouter', 'anthropic/claude-sonnet-4.5')
  const wire = JSON.parse(body) as { messages: unknown[] }
  expect(wire.messages).toEqual([
    { role: 'system', content: [{ type: 'text', text: 'Long project rules', cache_control: { type: 'ephemeral' } }] },
    { role: 'user', content: [{ type: 'text', text: 'Hello', cache_control: { type: 'ephemeral' } }] },
  ])
  expect(warnings ?? '').not.toContain('dropped-field')
})

test('OpenAI: removed, and the answer says so', async () => {
  const { body, warnings } = await askThrough('openai', 'gpt-4o')
  expect(body).not.toContain('cache_control')
  expect(warnings).toContain('dropped-field')
})
