/**
 * The Anthropic-compatible endpoints (DeepSeek, Kimi, GLM, MiniMax, Ollama) serve no Anthropic
 * model list, and Claude Code is their main client: its model picker asks GET /v1/models. A URL
 * that maps names answers that list itself with the names it accepts; a passthrough URL has no
 * names of its own to offer and no upstream list to read, so it answers an empty list; a URL
 * limited to passthrough endpoints refuses.
 */
import { describe, expect, test } from 'bun:test'
import { PROVIDERS } from '../../src/core/catalog/providers.ts'
import { makeBridge, postJson, type TestBridge } from '../server/test-server.ts'

const UPSTREAM = '127.0.0.1:9'
const WITHOUT_LIST = PROVIDERS.filter((preset) => preset.protocol === 'anthropic' && preset.endpointSupport.models === 'unsupported')

async function listThrough(made: TestBridge, provider: string, model: Record<string, unknown>, endpoints = 'auto'): Promise<Response> {
  const target = { provider, baseUrl: `http://${UPSTREAM}`, ...(provider === 'ollama-anthropic' ? {} : { auth: { token: 'sk-upstream' } }) }
  const minted = await made.bridge.fetch(postJson('/api/generate-url', { version: 2, source: { protocol: 'anthropic' }, target, model, endpoints: { mode: endpoints } }))
  expect(minted.status).toBe(200)
  const { proxyUrl } = (await minted.json()) as { proxyUrl: string }
  return made.bridge.fetch(new Request(`${proxyUrl}/v1/models?limit=1000`, { headers: { 'x-api-key': 'client', 'anthropic-version': '2023-06-01' } }))
}

describe('model list of an Anthropic-compatible preset without one', () => {
  test('the presets concerned are the five Anthropic-compatible endpoints', () => {
    expect(WITHOUT_LIST.map((preset) => preset.id).sort()).toEqual(['deepseek-anthropic', 'minimax-anthropic', 'moonshot-anthropic', 'ollama-anthropic', 'zhipu-anthropic'])
  })

  test.each(WITHOUT_LIST.map((preset) => [preset.id]))('%s: a mapped URL lists its exact client-side names in Anthropic\'s shape', async (id) => {
    const made = await makeBridge({ config: { allowHosts: [UPSTREAM] } })
    const response = await listThrough(made, id, { mode: 'map', map: { 'claude-opus-mapped': 'upstream-big', 'claude-haiku-mapped': 'upstream-small', 'claude-*': 'upstream-small' } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { data: Array<{ id: string; type: string }>; has_more: boolean }
    expect(body.data.map((model) => model.id)).toEqual(['claude-opus-mapped', 'claude-haiku-mapped'])
    expect(body.data.every((model) => model.type === 'model')).toBe(true)
    expect(body.has_more).toBe(false)
  })

  test('a forced URL lists the forced name (Claude Code shows it only if it contains "claude" or "anthropic")', async () => {
    const made = await makeBridge({ config: { allowHosts: [UPSTREAM] } })
    const response = await listThrough(made, 'deepseek-anthropic', { mode: 'force', force: 'deepseek-v4-pro' })
    expect(((await response.json()) as { data: Array<{ id: string }> }).data.map((model) => model.id)).toEqual(['deepseek-v4-pro'])
  })

  test('a URL that passes model names through has none to offer and no upstream list to read: an empty list', async () => {
    const made = await makeBridge({ config: { allowHosts: [UPSTREAM] } })
    const response = await listThrough(made, 'deepseek-anthropic', { mode: 'passthrough' })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { data: unknown[] }).data).toEqual([])
  })

  test('a URL limited to passthrough endpoints keeps refusing the list the provider lacks', async () => {
    const made = await makeBridge({ config: { allowHosts: [UPSTREAM] } })
    const response = await listThrough(made, 'deepseek-anthropic', { mode: 'map', map: { 'claude-a': 'b' } }, 'passthrough')
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error_code: string }).error_code).toBe('UNSUPPORTED_ENDPOINT')
  })
})
