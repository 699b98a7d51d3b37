/**
 * The endpoint plan is the router's decision: for every client protocol, every provider of the
 * catalog (and a custom target of each protocol) and every endpoint mode, each documented
 * endpoint of the client protocol is routed exactly as the plan says its group is.
 */
import { describe, expect, test } from 'bun:test'
import type { ProviderPreset } from '../../src/core/catalog/provider-preset.ts'
import { PROVIDERS } from '../../src/core/catalog/providers.ts'
import { BridgeError } from '../../src/core/errors.ts'
import { PROTOCOL_IDS, type ProtocolId } from '../../src/core/model/index.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import type { EndpointMode, ProxyConfig } from '../../src/core/proxy-config.ts'
import { decideRoute } from '../../src/proxy/decide-route.ts'
import { planEndpoints, representativeRoutes } from '../../src/proxy/plan-endpoints.ts'

const MODES: EndpointMode[] = ['auto', 'translate', 'passthrough']
const SOURCES = PROTOCOL_IDS.filter((id) => findCodec(id) !== undefined)
const TARGETS: Array<{ name: string; target: ProtocolId; preset: ProviderPreset | undefined }> = [
  ...PROVIDERS.map((preset) => ({ name: preset.id, target: preset.protocol, preset })),
  ...PROTOCOL_IDS.map((id) => ({ name: `custom ${id}`, target: id, preset: undefined })),
]

function config(source: ProtocolId, target: ProtocolId, mode: EndpointMode): ProxyConfig {
  return { tokenId: 't', source: { protocol: source }, target: { protocol: target, baseUrl: 'https://x.example', auth: { type: 'none' } }, model: { mode: 'passthrough' }, endpoints: { mode } }
}

function routed(source: ProtocolId, target: ProtocolId, mode: EndpointMode, preset: ProviderPreset | undefined, method: string, path: string): string {
  const [bare = '', query = ''] = path.split('?', 2)
  try {
    return decideRoute(config(source, target, mode), method, bare, preset, findCodec, new URLSearchParams(query)).action
  } catch (error) {
    if (error instanceof BridgeError && error.code === 'UNSUPPORTED_ENDPOINT') return 'unsupported'
    throw error
  }
}

describe('the plan is what the router does', () => {
  for (const source of SOURCES) {
    test(`${source} clients: every provider, every mode, every documented endpoint`, () => {
      const endpoints = findCodec(source)!.endpoints
      let checked = 0
      for (const { name, target, preset } of TARGETS) {
        for (const mode of MODES) {
          const plan = new Map(planEndpoints({ source, target, mode, preset }, findCodec).map((entry) => [entry.group, entry.action]))
          for (const endpoint of endpoints) {
            const label = `${source}→${name} (${mode}) ${endpoint.method} ${endpoint.path}`
            expect(`${label}: ${routed(source, target, mode, preset, endpoint.method, endpoint.path)}`).toBe(`${label}: ${plan.get(endpoint.group)}`)
            checked++
          }
        }
      }
      expect(checked).toBe(TARGETS.length * MODES.length * endpoints.length)
    })
  }

  test('every group a client protocol documents is planned', () => {
    for (const source of SOURCES) {
      const codec = findCodec(source)!
      expect(representativeRoutes(codec).map((route) => route.group)).toEqual([...new Set(codec.endpoints.map((endpoint) => endpoint.group))])
    }
  })
})

describe('what the plan says for the usual pairs', () => {
  const anthropic = PROVIDERS.find((preset) => preset.id === 'anthropic')
  const openai = PROVIDERS.find((preset) => preset.id === 'openai')
  const actions = (source: ProtocolId, preset: ProviderPreset | undefined, mode: EndpointMode = 'auto', modelMode?: ProxyConfig['model']['mode']) =>
    Object.fromEntries(planEndpoints({ source, target: preset!.protocol, mode, preset, modelMode }, findCodec).map((entry) => [entry.group, entry.action]))

  test('Anthropic → OpenAI: chat translated, token counts by OpenAI\'s counter, OpenAI\'s model list translated, batches and files refused', () => {
    expect(actions('anthropic', openai)).toEqual({
      chat: 'translate', count_tokens: 'count-tokens-upstream', models: 'list-models-upstream', batches: 'unsupported', files: 'unsupported',
    })
  })

  test('a URL that maps or forces model names lists them itself', () => {
    expect(actions('anthropic', openai, 'auto', 'map').models).toBe('list-models-locally')
    expect(actions('anthropic', openai, 'auto', 'force').models).toBe('list-models-locally')
    expect(actions('openai', PROVIDERS.find((preset) => preset.id === 'bedrock'), 'auto', 'passthrough').models).toBe('list-models-locally')
  })

  test('Anthropic → Anthropic: everything passes through', () => {
    expect(actions('anthropic', anthropic)).toEqual({ chat: 'passthrough', count_tokens: 'passthrough', models: 'passthrough', batches: 'passthrough', files: 'passthrough' })
  })

  test('an unsupported group carries the router reason, naming the group and the provider docs', () => {
    const batches = planEndpoints({ source: 'anthropic', target: 'openai', mode: 'auto', preset: openai }, findCodec).find((entry) => entry.group === 'batches')
    expect(batches?.reason).toContain("'batches'")
    expect(batches?.reason).toContain(openai!.docsUrl)
  })
})
