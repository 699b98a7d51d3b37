import { describe, expect, test } from 'bun:test'
import { Value } from '@sinclair/typebox/value'
import { effectiveEndpointSupport } from '../../src/core/catalog/effective-endpoint-support.ts'
import { ProviderPresetSchema } from '../../src/core/catalog/provider-preset-schema.ts'
import { checkPresetPatches } from '../../src/core/catalog/check-preset-patches.ts'
import { findProvider, PROVIDERS } from '../../src/core/catalog/providers.ts'
import { findCodec } from '../../src/core/protocols/index.ts'

const LOCAL_SERVERS = ['ollama', 'ollama-anthropic', 'lmstudio', 'vllm', 'llama-cpp']
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost):\d+(\/|$)/

const models = () => PROVIDERS.flatMap((preset) => (preset.models ?? []).map((model) => ({ preset, model })))

describe('provider catalog', () => {
  test.each(PROVIDERS.map((preset) => [preset.id, preset] as const))('preset %s matches the ProviderPreset schema', (_id, preset) => {
    expect([...Value.Errors(ProviderPresetSchema, preset)].map((error) => `${error.path}: ${error.message}`)).toEqual([])
  })

  test('ships every documented provider and Anthropic-compatible endpoint, with unique ids', () => {
    const ids = PROVIDERS.map((preset) => preset.id)
    expect(new Set(ids).size).toBe(ids.length)
    const expected = [
      'anthropic', 'openai', 'azure-openai', 'bedrock', 'gemini', 'gemini-openai', 'vertex', 'groq', 'deepseek', 'openrouter',
      'together', 'fireworks', 'mistral', 'xai', 'cerebras', 'perplexity', 'deepinfra', 'nvidia-nim', 'github-models', 'moonshot',
      'zhipu', 'dashscope', 'siliconflow', 'volcengine-ark', 'minimax', 'huggingface', 'cohere', 'sambanova', 'novita',
      'ollama', 'lmstudio', 'vllm', 'llama-cpp',
      'deepseek-anthropic', 'moonshot-anthropic', 'zhipu-anthropic', 'minimax-anthropic', 'ollama-anthropic',
    ]
    expect([...ids].sort()).toEqual([...expected].sort())
  })

  test('base URLs follow the official SDK convention of their protocol', () => {
    expect(findProvider('openai')?.defaultBaseUrl).toBe('https://api.openai.com/v1')
    expect(findProvider('anthropic')?.defaultBaseUrl).toBe('https://api.anthropic.com')
    expect(findProvider('gemini')?.defaultBaseUrl).toBe('https://generativelanguage.googleapis.com')
    for (const preset of PROVIDERS) expect(preset.defaultBaseUrl.endsWith('/')).toBe(false)
  })

  test('hosted providers are reached over https; local servers on loopback http with no key', () => {
    for (const preset of PROVIDERS) {
      const urls = [preset.defaultBaseUrl, ...(preset.alternateBaseUrls ?? []).map((alternate) => alternate.url)]
      for (const url of urls) {
        if (LOCAL_SERVERS.includes(preset.id)) expect(url).toMatch(LOOPBACK)
        else expect(url).toStartWith('https://')
      }
    }
    for (const id of LOCAL_SERVERS) expect(findProvider(id)?.authType).toBe('none')
    expect(findProvider('ollama')).toMatchObject({ authType: 'none', defaultBaseUrl: 'http://127.0.0.1:11434/v1' })
  })

  test('every preset speaks a protocol the bridge has a codec for', () => {
    expect(PROVIDERS.filter((preset) => findCodec(preset.protocol) === undefined).map((preset) => `${preset.id}: ${preset.protocol}`)).toEqual([])
    expect(new Set(PROVIDERS.map((preset) => preset.protocol))).toEqual(new Set(['anthropic', 'openai', 'gemini', 'bedrock']))
  })

  test('every documentation link is https', () => {
    for (const preset of PROVIDERS) expect(preset.docsUrl).toStartWith('https://')
  })

  test('every {placeholder} of a base URL is declared, and every declared one appears', () => {
    for (const preset of PROVIDERS) {
      const inUrl = [...preset.defaultBaseUrl.matchAll(/\{([^}]+)\}/g)].map((match) => match[1])
      expect({ id: preset.id, names: inUrl.sort() }).toEqual({ id: preset.id, names: [...(preset.baseUrlPlaceholders ?? [])].sort() })
    }
    expect(findProvider('azure-openai')?.baseUrlPlaceholders).toEqual(['resource'])
  })

  test('Anthropic-compatible endpoints speak the anthropic protocol at their own path, never with /v1', () => {
    for (const preset of PROVIDERS.filter((candidate) => candidate.id.endsWith('-anthropic'))) {
      expect(preset.protocol).toBe('anthropic')
      expect(preset.defaultBaseUrl).not.toMatch(/\/v1$/)
      expect(preset.endpointSupport.chat).toBe('translate')
    }
  })

  test('model ids are unique within a provider', () => {
    for (const preset of PROVIDERS) {
      const ids = (preset.models ?? []).map((model) => model.id)
      expect({ id: preset.id, unique: new Set(ids).size === ids.length }).toEqual({ id: preset.id, unique: true })
    }
  })

  test('prices are non-negative and a cache read never costs more than an uncached input token', () => {
    for (const { preset, model } of models()) {
      const price = model.price
      if (price === undefined) continue
      const where = `${preset.id}/${model.id}`
      expect({ where, ok: price.input >= 0 && price.output >= 0 }).toEqual({ where, ok: true })
      if (price.cacheRead !== undefined) expect({ where, ok: price.cacheRead >= 0 && price.cacheRead <= price.input }).toEqual({ where, ok: true })
      if (price.cacheWrite !== undefined) expect({ where, ok: price.cacheWrite >= 0 }).toEqual({ where, ok: true })
    }
  })

  test('output caps fit the context window, and a default output fits the cap', () => {
    for (const { preset, model } of models()) {
      const where = `${preset.id}/${model.id}`
      if (model.maxOutputTokens !== undefined && model.contextWindow !== undefined) {
        expect({ where, fits: model.maxOutputTokens <= model.contextWindow }).toEqual({ where, fits: true })
      }
      if (model.defaultOutputTokens !== undefined && model.maxOutputTokens !== undefined) {
        expect({ where, fits: model.defaultOutputTokens <= model.maxOutputTokens }).toEqual({ where, fits: true })
      }
    }
  })

  test('every tool-call id rule is a valid pattern that its own length satisfies', () => {
    for (const preset of PROVIDERS) {
      const rule = preset.modelDefaults?.toolCallId
      if (rule === undefined) continue
      const pattern = new RegExp(rule.pattern)
      if (rule.length !== undefined) expect(pattern.test('a'.repeat(rule.length))).toBe(true)
    }
    const mistral = new RegExp(findProvider('mistral')!.modelDefaults!.toolCallId!.pattern)
    expect(mistral.test('aB3dE6gH9')).toBe(true)
    expect(mistral.test('call_0fypS1hVX')).toBe(false)
  })

  test('OpenAI reasoning models that refuse tools on Chat Completions are marked for the Responses API', () => {
    const gpt55 = findProvider('openai')?.models?.find((model) => model.id === 'gpt-5.5*')
    expect(gpt55?.reasoningFormat?.toolsNeedResponses).toBe(true)
    expect(findProvider('openai')?.models?.find((model) => model.id === 'gpt-4.1*')?.reasoningFormat).toBeUndefined()
  })

  test('reasoning is placed where the preset\'s wire carries it (defaults and every model)', () => {
    const allowed: Record<string, string[]> = {
      anthropic: ['thinking-blocks'], bedrock: ['thinking-blocks'], gemini: ['thought-parts'],
      openai: ['reasoning_content', 'reasoning', 'reasoning_details', 'think-tags'], 'openai-responses': ['reasoning'],
    }
    const misplaced: string[] = []
    for (const preset of PROVIDERS) {
      const formats = [preset.modelDefaults?.reasoningFormat, ...(preset.models ?? []).map((model) => model.reasoningFormat)]
      for (const placement of formats.map((format) => format?.placement)) {
        if (placement !== undefined && !allowed[preset.protocol]!.includes(placement)) misplaced.push(`${preset.id}: ${placement}`)
      }
    }
    expect(misplaced).toEqual([])
  })

  test('a schema violation is caught (the validation is not vacuous)', () => {
    const broken = { ...findProvider('openai'), authType: 'basic', extra: true }
    expect(Value.Check(ProviderPresetSchema, broken)).toBe(false)
    const badTrait = { ...findProvider('openai'), modelDefaults: { toolChoice: ['sometimes'] } }
    expect(Value.Check(ProviderPresetSchema, badTrait)).toBe(false)
    const negativePrice = { ...findProvider('openai'), models: [{ id: 'm', price: { input: -1, output: 0 } }] }
    expect(Value.Check(ProviderPresetSchema, negativePrice)).toBe(false)
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

  test('Anthropic-compatible presets name the Anthropic-wire quirk patches their endpoints need', () => {
    const named = Object.fromEntries(PROVIDERS.filter((candidate) => candidate.protocol === 'anthropic').map((preset) => [preset.id, preset.patches ?? []]))
    expect(named).toEqual({
      anthropic: [],
      'deepseek-anthropic': ['no-effort-without-thinking', 'auto-tool-choice-while-thinking'],
      'moonshot-anthropic': ['auto-tool-choice-while-thinking'],
      'zhipu-anthropic': [],
      'minimax-anthropic': [],
      'ollama-anthropic': [],
    })
  })

  test('an OpenAI Chat body patch named by a Gemini preset is refused, naming both', () => {
    const gemini = { ...PROVIDERS.find((preset) => preset.protocol === 'gemini')!, patches: ['max-completion-tokens'] }
    expect(() => checkPresetPatches([gemini])).toThrow(/patch max-completion-tokens edits openai bodies, not gemini/)
  })

  test('an OpenAI Chat body patch named by an Anthropic-compatible preset is refused', () => {
    const deepseekAnthropic = { ...findProvider('deepseek-anthropic')!, patches: ['strip-reasoning-content'] }
    expect(() => checkPresetPatches([deepseekAnthropic])).toThrow(/edits openai bodies, not anthropic/)
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
