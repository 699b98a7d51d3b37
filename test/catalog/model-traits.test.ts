import { describe, expect, test } from 'bun:test'
import { modelTraits } from '../../src/core/catalog/model-traits.ts'
import type { ProviderPreset } from '../../src/core/catalog/provider-preset.ts'
import { findProvider } from '../../src/core/catalog/providers.ts'

const preset: ProviderPreset = {
  id: 'acme',
  name: 'Acme',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.acme.example/v1',
  endpointSupport: { chat: 'translate' },
  docsUrl: 'https://docs.acme.example',
  modelDefaults: { toolChoice: ['auto'], cacheControl: false, reasoningFormat: { placement: 'reasoning_content', passBack: 'optional' } },
}

describe('model traits', () => {
  test('a model without its own traits takes the preset defaults', () => {
    expect(modelTraits(preset, { id: 'acme-1' })).toEqual(preset.modelDefaults!)
  })

  test('a model entry overrides field by field, and its reasoning format replaces the default whole', () => {
    const traits = modelTraits(preset, { id: 'acme-r', toolChoice: ['auto', 'none'], reasoningFormat: { alwaysOn: true } })
    expect(traits).toEqual({ toolChoice: ['auto', 'none'], cacheControl: false, reasoningFormat: { alwaysOn: true } })
  })

  test('no preset and no model: no traits', () => {
    expect(modelTraits(undefined, undefined)).toEqual({})
  })

  test('the defaults are copied, so a caller cannot edit the catalog through them', () => {
    const traits = modelTraits(preset, undefined)
    traits.cacheControl = true
    expect(preset.modelDefaults?.cacheControl).toBe(false)
  })

  test('Mistral models inherit the nine-character tool-call id rule', () => {
    const mistral = findProvider('mistral')!
    expect(modelTraits(mistral, mistral.models?.[0]).toolCallId).toEqual({ pattern: '^[a-zA-Z0-9]{9}$', length: 9 })
  })
})
