/**
 * Codex's model catalog (`GET /v1/models?client_version=…`) through the real server: a Responses
 * URL to a target of another protocol answers in the shape Codex decodes, naming the client-side
 * names of the URL's model policy with the catalog's context window of the model each maps to; a
 * plain model list keeps OpenAI's shape; a Responses target gets the call passed through.
 * (test/e2e/codex.test.ts shows Codex itself reading the answer and offering apply_patch.)
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

type CatalogEntry = { slug: string; context_window?: number; apply_patch_tool_type: string; base_instructions: string; supported_reasoning_levels: unknown[] }

async function get(proxyUrl: string, path: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${proxyUrl}/${path}`, { headers: { authorization: `Bearer ${CLIENT_KEY}` } })
  return { status: response.status, json: await response.json() }
}

describe("Codex's model catalog", () => {
  test('an Anthropic target: the mapped names in Codex catalog shape, with the context window of the model each maps to', async () => {
    const { proxyUrl } = await bridge.mint({
      version: 2,
      source: { protocol: 'openai-responses' },
      target: { provider: 'anthropic', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
      model: { mode: 'map', map: { 'gpt-5.1-codex': 'claude-sonnet-4-5', 'gpt-*': 'claude-haiku-4-5' } },
    })
    bridge.mock.script(() => ({ status: 500, json: { error: 'the upstream must not be asked' } }))
    const { status, json } = await get(proxyUrl, 'v1/models?client_version=0.171.0')
    expect(status).toBe(200)
    const models = (json as { models: CatalogEntry[] }).models
    expect(models.map((model) => model.slug)).toEqual(['gpt-5.1-codex'])
    expect(models[0]).toMatchObject({ context_window: 200_000, apply_patch_tool_type: 'freeform', shell_type: 'shell_command', visibility: 'list' })
    expect(models[0]?.base_instructions).toContain('apply_patch')
    expect(models[0]?.supported_reasoning_levels).toHaveLength(3)
    expect(bridge.mock.requests).toHaveLength(0)

    // Without client_version it is an ordinary OpenAI model list.
    const plain = await get(proxyUrl, 'v1/models')
    expect(plain.json).toEqual({ object: 'list', data: [{ id: 'gpt-5.1-codex', object: 'model', created: 0, owned_by: 'anthropic' }] })
  })

  test('an OpenAI Chat target (same wire family) answers locally too: its own /models list is not what Codex reads', async () => {
    const { proxyUrl } = await bridge.mint({
      version: 2,
      source: { protocol: 'openai-responses' },
      target: { protocol: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
      model: { mode: 'force', force: 'deepseek-chat' },
    })
    bridge.mock.script(() => ({ status: 500, json: { error: 'the upstream must not be asked' } }))
    const { status, json } = await get(proxyUrl, 'v1/models?client_version=0.171.0')
    expect(status).toBe(200)
    expect((json as { models: CatalogEntry[] }).models.map((model) => model.slug)).toEqual(['deepseek-chat'])
    expect(bridge.mock.requests).toHaveLength(0)
  })

  test('a Responses target gets the catalog call passed through with its query', async () => {
    const { proxyUrl } = await bridge.mint({
      version: 2,
      source: { protocol: 'openai-responses' },
      target: { protocol: 'openai-responses', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
    })
    bridge.mock.script(() => ({ json: { models: [] } }))
    const { status, json } = await get(proxyUrl, 'v1/models?client_version=0.171.0')
    expect({ status, json }).toEqual({ status: 200, json: { models: [] } })
    expect(bridge.mock.requests.map((request) => `${request.path}${request.search}`)).toEqual(['/v1/models?client_version=0.171.0'])
  })
})
