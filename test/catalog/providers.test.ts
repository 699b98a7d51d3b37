import { describe, expect, test } from 'bun:test'
import { Value } from '@sinclair/typebox/value'
import { effectiveEndpointSupport } from '../../src/core/catalog/effective-endpoint-support.ts'
import { ProviderPresetSchema } from '../../src/core/catalog/provider-preset-schema.ts'
import { checkPresetPatches } from '../../src/core/catalog/check-preset-patches.ts'
import { findProvider, PROVIDERS } from '../../src/core/catalog/providers.ts'

describe('provider catalog', () => {
  test.each(PROVIDERS.map((preset) => [preset.id, preset] as const))('preset %s matches the ProviderPreset schema', (_id, preset) => {
    expect([...Value.Errors(ProviderPresetSchema, preset)].map((error) => `${error.path}: ${error.message}`)).toEqual([])
  })

  test('ships the presets the issue names, with unique ids', () => {
    const ids = PROVIDERS.map((preset) => preset.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ['anthropic', 'openai', 'groq', 'gemini', 'openrouter', 'ollama', 'deepseek']) expect(ids).toContain(id)
  })

  test('base URLs follow the official SDK convention of their protocol', () => {
    expect(findProvider('openai')?.defaultBaseUrl).toBe('https://api.openai.com/v1')
    expect(findProvider('anthropic')?.defaultBaseUrl).toBe('https://api.anthropic.com')
    expect(findProvider('gemini')?.defaultBaseUrl).toBe('https://generativelanguage.googleapis.com')
    for (const preset of PROVIDERS) expect(preset.defaultBaseUrl.endsWith('/')).toBe(false)
  })

  test('the local Ollama preset needs no key', () => {
    expect(findProvider('ollama')).toMatchObject({ authType: 'none', defaultBaseUrl: 'http://127.0.0.1:11434/v1' })
  })

  test('model ids are unique within a provider and known output caps are positive', () => {
    for (const preset of PROVIDERS) {
      const ids = (preset.models ?? []).map((model) => model.id)
      expect(new Set(ids).size).toBe(ids.length)
    }
    expect(findProvider('deepseek')?.models?.find((model) => model.id === 'deepseek-chat')?.maxOutputTokens).toBe(8192)
  })

  test('a schema violation is caught (the validation is not vacuous)', () => {
    const broken = { ...findProvider('openai'), authType: 'basic', extra: true }
    expect(Value.Check(ProviderPresetSchema, broken)).toBe(false)
  })

  test('an unknown id finds nothing', () => {
    expect(findProvider('nope')).toBeUndefined()
  })

  test('a protocol without a codec downgrades every endpoint group to unsupported', () => {
    const gemini = findProvider('gemini')
    if (!gemini) throw new Error('gemini preset missing')
    expect(Object.values(effectiveEndpointSupport(gemini, false)).every((value) => value === 'unsupported')).toBe(true)
    expect(effectiveEndpointSupport(gemini, true)).toEqual(gemini.endpointSupport)
  })
})

describe('preset patches fit the preset protocol', () => {
  test('every preset of the catalog names only patches of its own wire format', () => {
    expect(() => checkPresetPatches(PROVIDERS)).not.toThrow()
  })

  test('an OpenAI Chat body patch named by a Gemini preset is refused, naming both', () => {
    const gemini = { ...PROVIDERS.find((preset) => preset.protocol === 'gemini')!, patches: ['max-completion-tokens'] }
    expect(() => checkPresetPatches([gemini])).toThrow(/patch max-completion-tokens edits openai bodies, not gemini/)
  })

  test('a stream patch works on canonical events and fits any protocol', () => {
    const gemini = { ...PROVIDERS.find((preset) => preset.protocol === 'gemini')!, patches: ['tool-markup-in-text'] }
    expect(() => checkPresetPatches([gemini])).not.toThrow()
  })

  test('an unknown patch name is refused', () => {
    const openai = { ...PROVIDERS[0]!, patches: ['no-such-patch'] }
    expect(() => checkPresetPatches([openai])).toThrow(/no patch is named "no-such-patch"/)
  })
})
