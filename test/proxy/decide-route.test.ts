import { describe, expect, test } from 'bun:test'
import type { ProviderPreset } from '../../src/core/catalog/provider-preset.ts'
import { BridgeError } from '../../src/core/errors.ts'
import type { ProtocolId } from '../../src/core/model/index.ts'
import type { EndpointGroup, ProtocolCodec, RouteMatch } from '../../src/core/protocols/codec.ts'
import type { EndpointMode, ProxyConfig } from '../../src/core/proxy-config.ts'
import { decideAction, decideRoute } from '../../src/proxy/decide-route.ts'

/**
 * Fake codecs: only what routing reads matters here. Each maps `{group}` paths to that group;
 * OpenAI Chat and Responses share a wire family; Anthropic answers token counts and model lists
 * locally, the OpenAI family model lists; Bedrock upstreams count tokens themselves; every
 * upstream but Bedrock has a model list of its own.
 */
function fakeCodec(id: ProtocolId): ProtocolCodec {
  const openaiFamily = id === 'openai' || id === 'openai-responses'
  const answer = () => ({})
  const counter = { encodeRequest: () => ({ path: 'count', body: {}, stream: false }), decodeResponse: () => 1, assumedWithoutCatalog: true }
  const modelList = { path: 'models', readIds: () => [] }
  return {
    id,
    wireFamily: openaiFamily ? 'openai' : id,
    local: openaiFamily ? { modelList: answer } : { countTokens: answer, modelList: answer },
    upstream: (id === 'bedrock' ? { countTokens: counter } : { modelList }) as Partial<ProtocolCodec['upstream']> as ProtocolCodec['upstream'],
    matchRoute: (_method, path) => (['chat', 'count_tokens', 'models', 'embeddings'].includes(path) ? { group: path as EndpointGroup } : undefined),
  } as Partial<ProtocolCodec> as ProtocolCodec
}
const available: Partial<Record<ProtocolId, ProtocolCodec>> = {
  anthropic: fakeCodec('anthropic'), openai: fakeCodec('openai'), 'openai-responses': fakeCodec('openai-responses'), bedrock: fakeCodec('bedrock'),
}
const findCodec = (id: ProtocolId) => available[id]

function config(source: ProtocolId, target: ProtocolId, mode: EndpointMode, model: ProxyConfig['model'] = { mode: 'passthrough' }): ProxyConfig {
  return {
    tokenId: 't', source: { protocol: source }, target: { protocol: target, baseUrl: 'https://x', auth: { type: 'none' } },
    model, endpoints: { mode },
  }
}

function outcome(source: ProtocolId, target: ProtocolId, mode: EndpointMode, group: string, preset?: ProviderPreset): string {
  try {
    return decideRoute(config(source, target, mode), 'POST', group, preset, findCodec).action
  } catch (error) {
    return (error as BridgeError).code
  }
}

describe('routing table', () => {
  const table: Array<[ProtocolId, ProtocolId, EndpointMode, string, string]> = [
    ['anthropic', 'anthropic', 'auto', 'chat', 'passthrough'],
    ['anthropic', 'anthropic', 'translate', 'chat', 'passthrough'],
    ['anthropic', 'anthropic', 'passthrough', 'chat', 'passthrough'],
    ['anthropic', 'openai', 'auto', 'chat', 'translate'],
    ['anthropic', 'openai', 'translate', 'chat', 'translate'],
    ['anthropic', 'openai', 'passthrough', 'chat', 'UNSUPPORTED_ENDPOINT'],
    ['anthropic', 'gemini', 'auto', 'chat', 'UNSUPPORTED_ENDPOINT'],
    ['anthropic', 'anthropic', 'auto', 'count_tokens', 'passthrough'],
    ['anthropic', 'anthropic', 'translate', 'count_tokens', 'count-tokens-locally'],
    ['anthropic', 'openai', 'auto', 'count_tokens', 'count-tokens-locally'],
    ['anthropic', 'openai', 'passthrough', 'count_tokens', 'UNSUPPORTED_ENDPOINT'],
    ['anthropic', 'bedrock', 'auto', 'count_tokens', 'count-tokens-upstream'],
    ['anthropic', 'bedrock', 'translate', 'count_tokens', 'count-tokens-upstream'],
    ['anthropic', 'bedrock', 'passthrough', 'count_tokens', 'UNSUPPORTED_ENDPOINT'],
    ['anthropic', 'openai', 'auto', 'models', 'list-models-upstream'],
    ['anthropic', 'openai', 'passthrough', 'models', 'UNSUPPORTED_ENDPOINT'],
    ['openai', 'openai', 'auto', 'embeddings', 'passthrough'],
    ['openai', 'openai-responses', 'auto', 'embeddings', 'passthrough'],
    ['openai-responses', 'openai', 'passthrough', 'models', 'passthrough'],
    ['openai', 'openai', 'translate', 'embeddings', 'UNSUPPORTED_ENDPOINT'],
    ['openai', 'anthropic', 'auto', 'embeddings', 'UNSUPPORTED_ENDPOINT'],
    ['openai', 'anthropic', 'auto', 'models', 'list-models-upstream'],
    ['anthropic', 'anthropic', 'translate', 'models', 'list-models-upstream'],
    ['openai', 'bedrock', 'auto', 'models', 'list-models-locally'],
    ['anthropic', 'anthropic', 'passthrough', 'models', 'passthrough'],
    ['anthropic', 'anthropic', 'auto', 'nowhere', 'NOT_FOUND'],
    ['gemini', 'anthropic', 'auto', 'chat', 'UNSUPPORTED_ENDPOINT'],
  ]
  for (const [source, target, mode, group, expected] of table) {
    test(`${group}: ${source} → ${target} in ${mode} mode → ${expected}`, () => {
      expect(outcome(source, target, mode, group)).toBe(expected)
    })
  }

  test("a preset that marks a group unsupported blocks passthrough", () => {
    const preset = { endpointSupport: { embeddings: 'unsupported' } } as ProviderPreset
    expect(outcome('openai', 'openai', 'auto', 'embeddings', preset)).toBe('UNSUPPORTED_ENDPOINT')
  })

  test('a same-protocol provider without a model list gets the URL\'s own names', () => {
    const preset = { endpointSupport: { models: 'unsupported' } } as ProviderPreset
    expect(outcome('anthropic', 'anthropic', 'auto', 'models', preset)).toBe('list-models-locally')
    expect(outcome('anthropic', 'anthropic', 'passthrough', 'models', preset)).toBe('UNSUPPORTED_ENDPOINT')
  })

  test('model lists come from the target only where names pass through, not for a client\'s own catalog', () => {
    const listModels = (model: ProxyConfig['model'], route: RouteMatch = { group: 'models' }) => {
      const source = findCodec('anthropic')!
      return decideAction(config('anthropic', 'openai', 'auto', model), source, route, undefined, findCodec).action
    }
    expect(listModels({ mode: 'passthrough' })).toBe('list-models-upstream')
    expect(listModels({ mode: 'map', map: { 'claude-x': 'gpt-x' } })).toBe('list-models-locally')
    expect(listModels({ mode: 'force', force: 'gpt-x' })).toBe('list-models-locally')
    // One model by id: the same decision for the group (the plan's); the handler answers it locally.
    expect(listModels({ mode: 'passthrough' }, { group: 'models', pathModel: 'gpt-x' })).toBe('list-models-upstream')
    expect(listModels({ mode: 'passthrough' }, { group: 'models', operation: 'model-catalog' })).toBe('list-models-locally')
  })

  test('a provider that marks models unsupported keeps the local list under passthrough names', () => {
    const preset = { endpointSupport: { models: 'unsupported' } } as ProviderPreset
    expect(outcome('anthropic', 'openai', 'auto', 'models', preset)).toBe('list-models-locally')
  })

  test('on a URL with a preset, the unsupported error gives the provider docs', () => {
    const preset = { name: 'Example', docsUrl: 'https://docs.example/api', endpointSupport: {} } as unknown as ProviderPreset
    let error: unknown
    try {
      decideRoute(config('openai', 'anthropic', 'auto'), 'POST', 'embeddings', preset, findCodec)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(BridgeError)
    expect((error as BridgeError).message).toContain('https://docs.example/api')
    expect((error as BridgeError).providerDocsUrl).toBe('https://docs.example/api')
  })

  test('a group the preset does not claim is refused even on the same wire; a custom upstream passes it', () => {
    const preset = { name: 'Example', docsUrl: 'https://docs.example/api', endpointSupport: { chat: 'translate', embeddings: 'passthrough' } } as unknown as ProviderPreset
    expect(outcome('openai', 'openai', 'auto', 'embeddings', preset)).toBe('passthrough')
    expect(outcome('anthropic', 'anthropic', 'auto', 'embeddings', preset)).toBe('passthrough')
    expect(outcome('anthropic', 'anthropic', 'auto', 'count_tokens', preset)).toBe('count-tokens-locally')
    const unclaimed = { ...preset, endpointSupport: { chat: 'translate' } } as unknown as ProviderPreset
    expect(outcome('openai', 'openai', 'auto', 'embeddings', unclaimed)).toBe('UNSUPPORTED_ENDPOINT')
    expect(outcome('openai', 'openai', 'auto', 'embeddings')).toBe('passthrough')
  })

  test('a target with a counter counts locally where the catalog says it has no count endpoint', () => {
    const preset = { endpointSupport: { count_tokens: 'unsupported' } } as ProviderPreset
    expect(outcome('anthropic', 'bedrock', 'auto', 'count_tokens', preset)).toBe('count-tokens-locally')
  })

  test('the unsupported error names the group', () => {
    expect(() => decideRoute(config('openai', 'anthropic', 'auto'), 'POST', 'embeddings', undefined, findCodec)).toThrow(/'embeddings'/)
  })
})
