/**
 * count_tokens through the proxy handler: how native and local answers are marked, what falls
 * back to a local count, the whole request counted (LESSONS #6: system prompt, tools and images
 * never undercounted), and the calibration that translated chat requests teach.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Tiktoken } from 'js-tiktoken/lite'
import o200k from 'js-tiktoken/ranks/o200k_base'
import type { ProxyConfig } from '../../src/core/proxy-config.ts'
import { IMAGE_TOKENS } from '../../src/core/tokens/estimate-tokens.ts'
import { startMockUpstream, type MockReply, type MockUpstream, type ReceivedRequest } from '../support/mock-upstream.ts'
import { createHarness, UPSTREAM_KEY, type Harness } from './proxy-harness.ts'

const RECORDED = await Bun.file(`${import.meta.dir}/../fixtures/claude-code/request-2.1.332-say-hi.json`).json() as { system: unknown; tools: Array<Record<string, unknown>> }

let next: (request: ReceivedRequest) => MockReply = () => ({ status: 500, json: { error: { message: 'nothing scripted' } } })
let upstream: MockUpstream
let harness: Harness
beforeAll(async () => {
  upstream = startMockUpstream((request) => next(request))
  harness = await createHarness(upstream.url)
})
afterAll(() => upstream.stop())

const groq = (model: string): Partial<ProxyConfig> => ({
  target: { protocol: 'openai', provider: 'groq', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
  model: { mode: 'force', force: model },
})

async function post(config: Partial<ProxyConfig>, path: string, body: unknown): Promise<Response> {
  const token = await harness.mint(config)
  return harness.handle(new Request(`http://bridge.test/proxy/${token}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))
}

async function anthropicCount(config: Partial<ProxyConfig>, body: Record<string, unknown>): Promise<{ tokens: number; response: Response }> {
  const response = await post(config, 'v1/messages/count_tokens', { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], ...body })
  expect(response.status).toBe(200)
  return { tokens: ((await response.clone().json()) as { input_tokens: number }).input_tokens, response }
}

describe('how a count is marked', () => {
  test('a local count says it is an estimate and how it was made; a native one says nothing', async () => {
    const { response: local } = await anthropicCount(groq('llama-3.3-70b-versatile'), {})
    expect(local.headers.get('x-llm-bridge-estimated')).toBe('true')
    expect(local.headers.get('x-llm-bridge-count-method')).toBe('estimate;factor=1.000')
    const { response: tokenizer } = await anthropicCount(groq('openai/gpt-oss-20b'), {})
    expect(tokenizer.headers.get('x-llm-bridge-count-method')).toBe('o200k_base')
    next = () => ({ json: { totalTokens: 42 } })
    const gemini: Partial<ProxyConfig> = { target: { protocol: 'gemini', provider: 'gemini', baseUrl: upstream.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } }, model: { mode: 'force', force: 'gemini-2.5-pro' } }
    const { tokens, response: native } = await anthropicCount(gemini, {})
    expect(tokens).toBe(42)
    expect(native.headers.get('x-llm-bridge-estimated')).toBeNull()
    expect(upstream.requests.at(-1)!.path).toBe('/v1beta/models/gemini-2.5-pro:countTokens')
  })
})

describe('falling back to a local count', () => {
  test('an uncatalogued upstream without the endpoint (404): the estimate, with a warning, after one call', async () => {
    next = () => ({ status: 404, json: { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } } })
    const before = upstream.requests.length
    const gemini: Partial<ProxyConfig> = { target: { protocol: 'gemini', baseUrl: upstream.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } }, model: { mode: 'force', force: 'gemma-3' } }
    const { tokens, response } = await anthropicCount(gemini, {})
    expect(tokens).toBeGreaterThan(0)
    expect(response.headers.get('x-llm-bridge-estimated')).toBe('true')
    expect(response.headers.get('x-llm-bridge-warnings')).toBe('1; emulated-count-tokens')
    expect(upstream.requests.length).toBe(before + 1)
  })

  test("Bedrock's CountTokens counts Claude only: another model is counted locally without a call", async () => {
    const before = upstream.requests.length
    const bedrock: Partial<ProxyConfig> = {
      target: { protocol: 'bedrock', provider: 'bedrock', baseUrl: upstream.url, auth: { type: 'aws', accessKeyId: 'AKID', secretAccessKey: UPSTREAM_KEY, region: 'us-east-1' } },
      model: { mode: 'force', force: 'meta.llama3-3-70b-instruct-v1:0' },
    }
    const { response } = await anthropicCount(bedrock, {})
    expect(response.headers.get('x-llm-bridge-estimated')).toBe('true')
    expect(upstream.requests.length).toBe(before)
  })

  test("any other upstream error is the client's error, in its protocol's shape", async () => {
    next = () => ({ status: 401, json: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } })
    // A Gemini client counting against the harness's Anthropic target.
    const translated = await post({ source: { protocol: 'gemini' } }, 'v1beta/models/claude-sonnet-4-5:countTokens', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] })
    expect(translated.status).toBe(401)
    const body = (await translated.json()) as { error: { status: string; message: string } }
    expect(body.error.message).toContain('invalid x-api-key')
    expect(upstream.requests.at(-1)!.path).toBe('/v1/messages/count_tokens')
  })
})

describe('LESSONS #6: the whole request is counted, never undercounted', () => {
  const o200kTokens = new Tiktoken(o200k)
  const tokens = (text: string) => o200kTokens.encode(text, [], []).length

  for (const model of ['openai/gpt-oss-120b', 'llama-3.3-70b-versatile']) {
    test(`${model}: Claude Code's system prompt, its tools and an image each add at least what a tokenizer makes of them`, async () => {
      const config = groq(model)
      const { tokens: plain } = await anthropicCount(config, {})
      const { tokens: system } = await anthropicCount(config, { system: RECORDED.system })
      const { tokens: tools } = await anthropicCount(config, { tools: RECORDED.tools })
      const image = [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } }, { type: 'text', text: 'hi' }]
      const { tokens: withImage } = await anthropicCount(config, { messages: [{ role: 'user', content: image }] })
      // Claude Code's x-anthropic-billing-header block is metadata, never sent to another model (anthropic-internal-system.ts).
      const systemText = (RECORDED.system as Array<{ text: string }>).filter((block) => !block.text.startsWith('x-anthropic-')).map((block) => block.text).join('')
      expect(system - plain).toBeGreaterThanOrEqual(tokens(systemText))
      const toolTexts = RECORDED.tools.map((tool) => `${String(tool.name)}${String(tool.description ?? '')}${JSON.stringify(tool.input_schema)}`).join('')
      // Per-tool texts are counted apart, so a few tokens may merge differently across their joins.
      expect(tools - plain).toBeGreaterThanOrEqual(tokens(toolTexts) * 0.98)
      expect(withImage - plain).toBeGreaterThanOrEqual(IMAGE_TOKENS)
    })
  }

  test('a Gemini client\'s whole-request count (generateContentRequest) reaches a native counter with its system instruction and tools', async () => {
    next = () => ({ json: { input_tokens: 777 } })
    const config: Partial<ProxyConfig> = { source: { protocol: 'gemini' } }
    const response = await post(config, 'v1beta/models/claude-sonnet-4-5:countTokens', {
      generateContentRequest: {
        model: 'models/claude-sonnet-4-5',
        systemInstruction: { parts: [{ text: 'SYSTEM-MARKER' }] },
        tools: [{ functionDeclarations: [{ name: 'lookup_marker', description: 'd', parameters: { type: 'OBJECT', properties: { q: { type: 'STRING' } } } }] }],
        contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      },
    })
    expect(await response.json()).toEqual({ totalTokens: 777 })
    const sent = upstream.requests.at(-1)!.json as Record<string, unknown>
    expect(JSON.stringify(sent.system)).toContain('SYSTEM-MARKER')
    expect(JSON.stringify(sent.tools)).toContain('lookup_marker')
    // The URL's model map applies to the counted model.
    expect(sent.model).toBe('claude-sonnet-4-5-20250929')
    expect(sent.max_tokens).toBeUndefined()
  })
})

describe('calibration from translated chat usage', () => {
  test("a model's local counts move to what its upstream reports for the same prompts", async () => {
    const config = groq('qwen/qwen3-32b')
    const first = await anthropicCount(config, { system: 'Be brief.' })
    // The upstream reports 1.4× the bridge's estimate of every chat prompt it is sent.
    let reported = 0
    next = () => ({
      json: { id: 'c', object: 'chat.completion', created: 1, model: 'qwen/qwen3-32b', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }], usage: { prompt_tokens: reported, completion_tokens: 1, total_tokens: reported + 1 } },
    })
    for (let index = 0; index < 5; index++) {
      const prompt = `Question ${index}: ${'how many tokens is this? '.repeat(20 + index * 10)}`
      const estimated = await anthropicCount(config, { system: 'Be brief.', messages: [{ role: 'user', content: prompt }] })
      reported = Math.round(estimated.tokens * 1.4)
      const chat = await post(config, 'v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 10, system: 'Be brief.', messages: [{ role: 'user', content: prompt }] })
      expect(chat.status).toBe(200)
      await chat.arrayBuffer()
      // The chat row keeps the pair, for the calibration of the next start.
      const row = harness.rows.findLast((candidate) => candidate.endpointGroup === 'chat')!
      expect({ estimate: row.inputTokensEstimate, actual: row.usage?.inputTokens }).toEqual({ estimate: expect.any(Number), actual: reported })
    }
    const calibrated = await anthropicCount(config, { system: 'Be brief.' })
    const factor = Number(/factor=([\d.]+)/.exec(calibrated.response.headers.get('x-llm-bridge-count-method') ?? '')?.[1])
    // 1.4 up to the rounding of the reported counts.
    expect(factor).toBeCloseTo(1.4, 2)
    expect(calibrated.tokens).toBeGreaterThanOrEqual(Math.floor(first.tokens * 1.39))
    expect(calibrated.tokens).toBeLessThanOrEqual(Math.ceil(first.tokens * 1.41))
    // Another model keeps its own (no) correction.
    const other = await anthropicCount(groq('llama-3.1-8b-instant'), { system: 'Be brief.' })
    expect(other.tokens).toBe(first.tokens)
  })
})
