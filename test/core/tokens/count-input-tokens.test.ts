import { describe, expect, test } from 'bun:test'
import { Tiktoken } from 'js-tiktoken/lite'
import o200k from 'js-tiktoken/ranks/o200k_base'
import cl100k from 'js-tiktoken/ranks/cl100k_base'
import type { ChatRequest } from '../../../src/core/model/index.ts'
import { TokenCalibration } from '../../../src/core/tokens/calibrate-tokens.ts'
import { countInputTokens, isCalibrated } from '../../../src/core/tokens/count-input-tokens.ts'
import { estimateTextTokens } from '../../../src/core/tokens/estimate-text-tokens.ts'
import { estimateInputTokens, IMAGE_TOKENS, MESSAGE_OVERHEAD, REQUEST_OVERHEAD, TOOL_OVERHEAD } from '../../../src/core/tokens/estimate-tokens.ts'
import { openaiEncodingOf } from '../../../src/core/tokens/openai-tokenizer.ts'

const SYSTEM = 'You are a careful assistant. Answer in French when asked in French.'
const USER = 'Quelle est la météo à Paris ? <|endoftext|> should count as plain text.'
const TOOL = { name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }

const request: ChatRequest = {
  model: 'client-model', stream: false, tools: [TOOL],
  system: [{ type: 'text', text: SYSTEM }],
  messages: [{ role: 'user', content: [{ type: 'text', text: USER }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } }] }],
}

/** The count the bridge promises: the tokenizer's count of every text, plus the fixed overheads and image cost. */
function expectedWith(tokens: (text: string) => number): number {
  return REQUEST_OVERHEAD + tokens(SYSTEM) + MESSAGE_OVERHEAD + MESSAGE_OVERHEAD + tokens(USER) + IMAGE_TOKENS
    + TOOL_OVERHEAD + tokens(TOOL.name) + tokens(TOOL.description) + tokens(JSON.stringify(TOOL.inputSchema))
}

describe('local token counts', () => {
  test('OpenAI models are counted with their own tokenizer: exactly its count of each text, plus the fixed overheads', async () => {
    const o200kTokens = new Tiktoken(o200k)
    const count = await countInputTokens(request, 'gpt-4o-2024-08-06', new TokenCalibration())
    expect(count).toEqual({ inputTokens: expectedWith((text) => o200kTokens.encode(text, [], []).length), method: 'o200k_base' })
    const cl100kTokens = new Tiktoken(cl100k)
    const older = await countInputTokens(request, 'gpt-4-turbo', new TokenCalibration())
    expect(older).toEqual({ inputTokens: expectedWith((text) => cl100kTokens.encode(text, [], []).length), method: 'cl100k_base' })
  })

  test('model names pick the encoding of their generation; other families have none', () => {
    const cases: Array<[string, string | undefined]> = [
      ['gpt-5', 'o200k_base'], ['gpt-5.1-codex', 'o200k_base'], ['o3-mini', 'o200k_base'], ['o4-mini', 'o200k_base'], ['gpt-4.1-nano', 'o200k_base'],
      ['openai/gpt-oss-120b', 'o200k_base'], ['chatgpt-4o-latest', 'o200k_base'], ['gpt-4', 'cl100k_base'], ['gpt-35-turbo', 'cl100k_base'],
      ['gpt-3.5-turbo-0125', 'cl100k_base'], ['llama-3.3-70b-versatile', undefined], ['qwen3-coder', undefined], ['claude-sonnet-4-5', undefined],
      ['deepseek-chat', undefined], ['omni-moderation', undefined],
    ]
    expect(cases.map(([model]) => [model, openaiEncodingOf(model)])).toEqual(cases)
    expect(isCalibrated('gpt-4o')).toBe(false)
    expect(isCalibrated('llama-3.3-70b-versatile')).toBe(true)
  })

  test('other families get the cheap estimate times their calibration factor', async () => {
    const calibration = new TokenCalibration()
    const uncalibrated = await countInputTokens(request, 'llama-3.3-70b', calibration)
    expect(uncalibrated).toEqual({ inputTokens: estimateInputTokens(request), method: 'estimate', factor: 1 })
    for (let index = 0; index < 5; index++) calibration.record('llama-3.3-70b', 1000, 1250)
    const calibrated = await countInputTokens(request, 'llama-3.3-70b', calibration)
    expect(calibrated).toEqual({ inputTokens: Math.ceil(estimateInputTokens(request) * 1.25), method: 'estimate', factor: 1.25 })
  })
})

describe('the cheap text estimate', () => {
  test('weighs each character by its kind: a fifth of a token per lower-case letter, a token per CJK character, a third per other character', () => {
    expect(estimateTextTokens('')).toBe(0)
    expect(estimateTextTokens('abcdefgh')).toBe(2)
    expect(estimateTextTokens('这是一个测试')).toBe(6)
    expect(estimateTextTokens('日本語のテキスト')).toBe(8)
    expect(estimateTextTokens('привет')).toBe(2)
    // An emoji (a surrogate pair) is one character.
    expect(estimateTextTokens('😀😀😀')).toBe(1)
  })

  test('counts opaque strings (base64, hex ids) as the short pieces tokenizers make of them, not as words', () => {
    const bytes = Uint8Array.from({ length: 3000 }, (_, index) => (index * 7919 + 13) % 251)
    const base64 = btoa(String.fromCharCode(...bytes))
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')
    const o200kTokens = new Tiktoken(o200k)
    for (const text of [base64, hex]) expect(estimateTextTokens(text)).toBeGreaterThan(o200kTokens.encode(text).length * 0.9)
    // A camelCase name or a path is words, not an opaque string.
    expect(estimateTextTokens('encodeAnthropicCountTokensRequest')).toBeLessThan(12)
    expect(estimateTextTokens('src/core/protocols/anthropic/count-tokens')).toBeLessThan(15)
  })

  test('never counts CJK text far under a real tokenizer (a quarter token per code unit would)', () => {
    const text = '这是一个用于测试的中文句子，包含一些常见的词语和标点符号。'.repeat(20)
    const tokens = new Tiktoken(o200k).encode(text).length
    expect(estimateTextTokens(text)).toBeGreaterThanOrEqual(tokens)
  })
})
