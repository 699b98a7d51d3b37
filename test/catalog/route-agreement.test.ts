/**
 * Every translate/passthrough claim of a preset agrees with what the router decides for that
 * preset: a claim the router would refuse is a catalog bug. Checked with the real codecs, for a
 * client of the preset's own protocol and for clients of every other protocol, against the
 * registered codecs and against every codec in the tree (so a claim stays true once a codec is
 * registered).
 */
import { describe, expect, test } from 'bun:test'
import { ENDPOINT_GROUPS } from '../../src/core/catalog/provider-preset-schema.ts'
import type { ProviderPreset } from '../../src/core/catalog/provider-preset.ts'
import { PROVIDERS } from '../../src/core/catalog/providers.ts'
import { PROTOCOL_IDS, type ProtocolId } from '../../src/core/model/index.ts'
import { anthropicCodec } from '../../src/core/protocols/anthropic/index.ts'
import { bedrockCodec } from '../../src/core/protocols/bedrock/index.ts'
import type { EndpointGroup, ProtocolCodec } from '../../src/core/protocols/codec.ts'
import { geminiCodec } from '../../src/core/protocols/gemini/index.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import { openaiResponsesCodec } from '../../src/core/protocols/openai-responses/index.ts'
import { openaiCodec } from '../../src/core/protocols/openai/index.ts'
import type { ProxyConfig } from '../../src/core/proxy-config.ts'
import { decideAction, decideRoute, type FindCodec } from '../../src/proxy/decide-route.ts'

/** Client requests the codecs serve; each source uses the first that it routes to a group. */
const SAMPLE_REQUESTS: Array<[method: string, path: string]> = [
  ['POST', 'v1/messages'], ['POST', 'v1/messages/count_tokens'], ['GET', 'v1/models'],
  ['POST', 'v1/chat/completions'], ['POST', 'v1/embeddings'], ['POST', 'v1/responses'], ['POST', 'v1/responses/input_tokens'],
  ['POST', 'v1beta/models/m:generateContent'], ['POST', 'v1beta/models/m:countTokens'], ['GET', 'v1beta/models'],
  ['POST', 'v1beta/models/m:embedContent'],
  ['POST', 'model/m/converse'], ['POST', 'model/m/count-tokens'], ['GET', 'foundation-models'],
]

const ALL_CODECS: Record<ProtocolId, ProtocolCodec> = {
  anthropic: anthropicCodec, openai: openaiCodec, 'openai-responses': openaiResponsesCodec, gemini: geminiCodec, bedrock: bedrockCodec,
}

const REGISTRIES: Array<[name: string, find: FindCodec]> = [
  ['the registered codecs', findCodec],
  ['every codec in the tree', (protocol) => ALL_CODECS[protocol]],
]

function configFor(preset: ProviderPreset, source: ProtocolId): ProxyConfig {
  return {
    tokenId: 'tok_catalog',
    source: { protocol: source },
    target: { protocol: preset.protocol, provider: preset.id, baseUrl: preset.defaultBaseUrl, auth: { type: 'none' } },
    model: { mode: 'passthrough' },
    endpoints: { mode: 'auto' },
  }
}

function sampleRequest(codec: ProtocolCodec, group: EndpointGroup): [string, string] | undefined {
  return SAMPLE_REQUESTS.find(([method, path]) => codec.matchRoute(method, path)?.group === group)
}

/** What the router does for a client of `source` asking `group` of this preset; 'refused' when it throws. */
function routerAction(preset: ProviderPreset, source: ProtocolCodec, group: EndpointGroup, find: FindCodec): string {
  const config = configFor(preset, source.id)
  const request = sampleRequest(source, group)
  try {
    // A group no sample path reaches (e.g. batches) is decided from its route match alone.
    const decision = request === undefined
      ? decideAction(config, source, { group }, preset, find)
      : decideRoute(config, request[0], request[1], preset, find)
    return decision.action
  } catch {
    return 'refused'
  }
}

type Claim = { preset: ProviderPreset; group: EndpointGroup; support: 'translate' | 'passthrough' }

function claims(): Claim[] {
  const out: Claim[] = []
  for (const preset of PROVIDERS) {
    for (const group of ENDPOINT_GROUPS) {
      const support = preset.endpointSupport[group]
      if (support === 'translate' || support === 'passthrough') out.push({ preset, group, support })
    }
  }
  return out
}

describe('catalog claims agree with the router', () => {
  test('only chat is ever translated; every other group passes through or is unsupported', () => {
    const wrong = claims().filter(({ group, support }) => (group === 'chat') !== (support === 'translate'))
    expect(wrong.map(({ preset, group, support }) => `${preset.id}.${group}=${support}`)).toEqual([])
  })

  for (const [registryName, find] of REGISTRIES) {
    test(`a client of the preset's own protocol is passed through (${registryName})`, () => {
      const disagreements: string[] = []
      for (const { preset, group } of claims()) {
        const own = find(preset.protocol)
        if (own === undefined) continue
        const action = routerAction(preset, own, group, find)
        if (action !== 'passthrough') disagreements.push(`${preset.id}.${group}: ${action}`)
      }
      expect(disagreements).toEqual([])
    })

    test(`clients of other protocols get chat translated and same-family groups passed through (${registryName})`, () => {
      const disagreements: string[] = []
      let checked = 0
      for (const { preset, group } of claims()) {
        const target = find(preset.protocol)
        if (target === undefined) continue
        for (const protocol of PROTOCOL_IDS) {
          const source = find(protocol)
          if (source === undefined || protocol === preset.protocol) continue
          const expected = group === 'chat' ? 'translate' : source.wireFamily === target.wireFamily ? 'passthrough' : undefined
          if (expected === undefined) continue
          if (group !== 'chat' && sampleRequest(source, group) === undefined) continue
          checked++
          const action = routerAction(preset, source, group, find)
          if (action !== expected) disagreements.push(`${protocol} → ${preset.id}.${group}: ${action}, claimed ${expected}`)
        }
      }
      expect(disagreements).toEqual([])
      expect(checked).toBeGreaterThan(0)
    })
  }

  test('the check can fail: a chat claim on a protocol without a codec is refused for other clients', () => {
    const noCodec: FindCodec = (protocol) => (protocol === 'gemini' ? undefined : ALL_CODECS[protocol])
    const gemini = PROVIDERS.find((preset) => preset.id === 'gemini')!
    expect(routerAction(gemini, openaiCodec, 'chat', noCodec)).toBe('refused')
    const groqUnsupported = { ...PROVIDERS.find((preset) => preset.id === 'groq')!, endpointSupport: { chat: 'unsupported' as const } }
    expect(routerAction(groqUnsupported, anthropicCodec, 'chat', findCodec)).toBe('refused')
  })
})
