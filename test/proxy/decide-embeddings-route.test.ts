/**
 * Embeddings routing: same wire family passes through; between families the bridge translates
 * where both codecs have an embeddings call, except in passthrough mode or where the preset says
 * the provider has none.
 */
import { expect, test } from 'bun:test'
import type { ProviderPreset } from '../../src/core/catalog/provider-preset.ts'
import type { BridgeError } from '../../src/core/errors.ts'
import type { ProtocolId } from '../../src/core/model/index.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import type { EndpointMode, ProxyConfig } from '../../src/core/proxy-config.ts'
import { decideRoute } from '../../src/proxy/decide-route.ts'

const PATHS: Partial<Record<ProtocolId, string>> = { openai: 'v1/embeddings', 'openai-responses': 'v1/embeddings', gemini: 'v1beta/models/m:batchEmbedContents' }

function outcome(source: ProtocolId, target: ProtocolId, mode: EndpointMode, preset?: ProviderPreset): string {
  const config: ProxyConfig = {
    tokenId: 't', source: { protocol: source }, target: { protocol: target, baseUrl: 'https://x', auth: { type: 'none' } },
    model: { mode: 'passthrough' }, endpoints: { mode },
  }
  try {
    return decideRoute(config, 'POST', PATHS[source] ?? '', preset, findCodec).action
  } catch (error) {
    return (error as BridgeError).code
  }
}

const table: Array<[ProtocolId, ProtocolId, EndpointMode, string]> = [
  ['openai', 'gemini', 'auto', 'translate-embeddings'],
  ['openai', 'gemini', 'translate', 'translate-embeddings'],
  ['openai', 'gemini', 'passthrough', 'UNSUPPORTED_ENDPOINT'],
  ['openai-responses', 'gemini', 'auto', 'translate-embeddings'],
  ['gemini', 'openai', 'auto', 'translate-embeddings'],
  ['gemini', 'openai-responses', 'auto', 'translate-embeddings'],
  ['gemini', 'gemini', 'auto', 'passthrough'],
  ['openai', 'openai-responses', 'auto', 'passthrough'],
  ['openai', 'openai', 'translate', 'UNSUPPORTED_ENDPOINT'],
  ['gemini', 'anthropic', 'auto', 'UNSUPPORTED_ENDPOINT'],
  ['openai', 'bedrock', 'auto', 'UNSUPPORTED_ENDPOINT'],
]
for (const [source, target, mode, expected] of table) {
  test(`embeddings: ${source} → ${target} in ${mode} mode → ${expected}`, () => {
    expect(outcome(source, target, mode)).toBe(expected)
  })
}

test('a preset without embeddings blocks the translation', () => {
  const preset = { endpointSupport: { embeddings: 'unsupported' } } as ProviderPreset
  expect(outcome('openai', 'gemini', 'auto', preset)).toBe('UNSUPPORTED_ENDPOINT')
})
