/**
 * A local-server preset (Ollama, LM Studio, vLLM, llama.cpp) points at a loopback URL, which the
 * egress policy refuses by default. The refusal must say exactly how to allow it, and following
 * that advice must work: the suggested `--allow-host` entry, given to a bridge, lets the same URL be minted.
 */
import { describe, expect, test } from 'bun:test'
import { PROVIDERS } from '../../src/core/catalog/providers.ts'
import { makeBridge, postJson, readError } from '../server/test-server.ts'

const LOCAL = PROVIDERS.filter((preset) => preset.authType === 'none')

async function mint(allowHosts: string[], provider: string): Promise<Response> {
  const { bridge } = await makeBridge({ config: { allowHosts } })
  return bridge.fetch(postJson('/api/generate-url', { version: 2, source: { protocol: 'openai' }, target: { provider } }))
}

describe('egress advice for local-server presets', () => {
  test('the catalog has the local servers, all on loopback with no key', () => {
    expect(LOCAL.map((preset) => preset.id).sort()).toEqual(['llama-cpp', 'lmstudio', 'ollama', 'ollama-anthropic', 'vllm'])
  })

  test.each(LOCAL.map((preset) => [preset.id, preset.defaultBaseUrl] as const))('%s (%s) is refused by default with the exact --allow-host entry, which then works', async (id, baseUrl) => {
    const url = new URL(baseUrl)
    const entry = `${url.hostname}:${url.port}`
    const refused = await mint([], id)
    expect(refused.status).toBe(400)
    const error = await readError(refused)
    expect(error.error_code).toBe('EGRESS_DENIED')
    expect(error.message).toContain(`Upstream host ${entry}`)
    expect(error.message).toContain('a loopback address')
    expect(error.message).toContain(`start llm-bridge with --allow-host ${entry} (or LLM_BRIDGE_ALLOW_HOSTS) to allow it`)

    const advised = /--allow-host (\S+)/.exec(error.message)?.[1]
    expect(advised).toBe(entry)
    const allowed = await mint([advised!], id)
    expect(allowed.status).toBe(200)
  })

  test('an entry for another port does not allow the preset (the advice names the port for a reason)', async () => {
    const response = await mint(['127.0.0.1:1'], 'ollama')
    expect(response.status).toBe(400)
    expect((await readError(response)).message).toContain('--allow-host 127.0.0.1:11434')
  })
})
