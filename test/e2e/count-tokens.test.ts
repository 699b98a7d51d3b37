/**
 * count_tokens for every client protocol that has one (Anthropic messages.countTokens,
 * @google/genai models.countTokens, OpenAI responses.inputTokens.count, Bedrock
 * CountTokensCommand) toward every target codec, through the real server with the official SDKs.
 * A target with a counter of its own gets the request in its own count shape, and the number
 * its mock answers is the number the client receives; a target without one gets the bridge's
 * local count: exactly OpenAI's tokenizer for an OpenAI model, the estimate for the others.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import { BedrockRuntimeClient, CountTokensCommand } from '@aws-sdk/client-bedrock-runtime'
import { GoogleGenAI } from '@google/genai'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import OpenAI from 'openai'
import { Tiktoken } from 'js-tiktoken/lite'
import o200k from 'js-tiktoken/ranks/o200k_base'
import type { ProtocolId } from '../../src/core/model/index.ts'
import { MESSAGE_OVERHEAD, REQUEST_OVERHEAD } from '../../src/core/tokens/estimate-tokens.ts'
import { estimateTextTokens } from '../../src/core/tokens/estimate-text-tokens.ts'
import type { ReceivedRequest } from '../support/mock-upstream.ts'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'

const SYSTEM = 'You are a terse assistant that answers in one word.'
const USER = 'How many tokens does this sentence have, counted by the upstream model?'

type Target = {
  name: string
  protocol: ProtocolId
  provider?: string
  model: string
  base: (origin: string) => string
  auth: Record<string, unknown>
  /** The count path the mock answers on, and what it answers; undefined: no native counter (local count). */
  native?: { path: RegExp; answer: (tokens: number) => unknown; tokens: number }
}

const TARGETS: Target[] = [
  { name: 'Anthropic', protocol: 'anthropic', provider: 'anthropic', model: 'claude-sonnet-4-5', base: (origin) => origin, auth: { type: 'x-api-key', token: UPSTREAM_KEY },
    native: { path: /^\/v1\/messages\/count_tokens$/, answer: (tokens) => ({ input_tokens: tokens }), tokens: 1111 } },
  { name: 'Gemini', protocol: 'gemini', provider: 'gemini', model: 'gemini-2.5-flash', base: (origin) => origin, auth: { type: 'x-api-key', token: UPSTREAM_KEY },
    native: { path: /^\/v1beta\/models\/gemini-2\.5-flash:countTokens$/, answer: (tokens) => ({ totalTokens: tokens }), tokens: 2222 } },
  { name: 'Bedrock (Claude)', protocol: 'bedrock', provider: 'bedrock', model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', base: (origin) => origin,
    auth: { type: 'aws', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: UPSTREAM_KEY, region: 'us-east-1' },
    native: { path: /^\/model\/us\.anthropic\.claude-sonnet-4-5-20250929-v1%3A0\/count-tokens$/, answer: (tokens) => ({ inputTokens: tokens }), tokens: 3333 } },
  // The catalog has no Responses preset: a Responses URL names its upstream by base URL alone.
  { name: 'OpenAI Responses', protocol: 'openai-responses', model: 'gpt-5', base: (origin) => `${origin}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY },
    native: { path: /^\/v1\/responses\/input_tokens$/, answer: (tokens) => ({ object: 'response.input_tokens', input_tokens: tokens }), tokens: 4444 } },
  { name: 'OpenAI Chat (OpenAI)', protocol: 'openai', provider: 'openai', model: 'gpt-4o', base: (origin) => `${origin}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY },
    native: { path: /^\/v1\/responses\/input_tokens$/, answer: (tokens) => ({ object: 'response.input_tokens', input_tokens: tokens }), tokens: 5555 } },
  // Groq has no count endpoint: gpt-oss is counted with o200k, Llama estimated.
  { name: 'OpenAI Chat (Groq, gpt-oss)', protocol: 'openai', provider: 'groq', model: 'openai/gpt-oss-120b', base: (origin) => `${origin}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
  { name: 'OpenAI Chat (Groq, Llama)', protocol: 'openai', provider: 'groq', model: 'llama-3.3-70b-versatile', base: (origin) => `${origin}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
  { name: 'Bedrock (Llama)', protocol: 'bedrock', provider: 'bedrock', model: 'meta.llama3-3-70b-instruct-v1:0', base: (origin) => origin,
    auth: { type: 'aws', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: UPSTREAM_KEY, region: 'us-east-1' } },
]

type Source = {
  protocol: ProtocolId
  /** Whether the SDK sends the system prompt with a count (@google/genai's Gemini API mode sends contents only). */
  sendsSystem: boolean
  count: (proxyUrl: string) => Promise<number>
}

const SOURCES: Source[] = [
  {
    protocol: 'anthropic', sendsSystem: true,
    count: async (proxyUrl) => {
      const client = new Anthropic({ baseURL: proxyUrl, apiKey: CLIENT_KEY, maxRetries: 0 })
      return (await client.messages.countTokens({ model: 'claude-client-name', system: SYSTEM, messages: [{ role: 'user', content: USER }] })).input_tokens
    },
  },
  {
    protocol: 'gemini', sendsSystem: false,
    count: async (proxyUrl) => {
      const ai = new GoogleGenAI({ apiKey: CLIENT_KEY, httpOptions: { baseUrl: proxyUrl, apiVersion: 'v1beta', retryOptions: { attempts: 1 } } })
      return (await ai.models.countTokens({ model: 'gemini-client-name', contents: [{ role: 'user', parts: [{ text: USER }] }] })).totalTokens ?? -1
    },
  },
  {
    protocol: 'openai-responses', sendsSystem: true,
    count: async (proxyUrl) => {
      const client = new OpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: CLIENT_KEY, maxRetries: 0 })
      return (await client.responses.inputTokens.count({ model: 'gpt-client-name', instructions: SYSTEM, input: USER })).input_tokens
    },
  },
  {
    protocol: 'bedrock', sendsSystem: true,
    count: async (proxyUrl) => {
      const client = new BedrockRuntimeClient({
        region: 'us-east-1', endpoint: proxyUrl, credentials: { accessKeyId: CLIENT_KEY, secretAccessKey: CLIENT_KEY }, requestHandler: new NodeHttpHandler(), maxAttempts: 1,
      })
      const output = await client.send(new CountTokensCommand({
        modelId: 'client-model-id', input: { converse: { system: [{ text: SYSTEM }], messages: [{ role: 'user', content: [{ text: USER }] }] } },
      }))
      return output.inputTokens ?? -1
    },
  },
]

/** The bridge's local count of the test request: the texts by `tokens`, plus the fixed overheads. */
function localCount(source: Source, tokens: (text: string) => number): number {
  const system = source.sendsSystem ? tokens(SYSTEM) + MESSAGE_OVERHEAD : 0
  return REQUEST_OVERHEAD + system + MESSAGE_OVERHEAD + tokens(USER)
}

let bridge: E2eBridge
let o200kTokens: (text: string) => number
beforeAll(async () => {
  bridge = await startE2eBridge()
  const tokenizer = new Tiktoken(o200k)
  o200kTokens = (text) => tokenizer.encode(text, [], []).length
})
afterAll(() => bridge.close())

async function mintFor(source: Source, target: Target): Promise<{ proxyUrl: string; tokenId: string }> {
  return bridge.mint({
    version: 2,
    source: { protocol: source.protocol },
    target: { protocol: target.protocol, ...(target.provider === undefined ? {} : { provider: target.provider }), baseUrl: target.base(bridge.mock.url), auth: target.auth },
    model: { mode: 'force', force: target.model },
  })
}

/** The texts the upstream's count request carries, wherever its protocol puts them. */
function carries(request: ReceivedRequest, text: string): boolean {
  return request.text.includes(text)
}

describe('count_tokens from every client protocol toward every target', () => {
  for (const source of SOURCES) {
    for (const target of TARGETS) {
      const { native } = target
      if (native !== undefined) {
        test(`${source.protocol} → ${target.name}: the target's own counter answers, in the client's shape`, async () => {
          bridge.mock.script((request) => (native.path.test(request.path) ? { json: native.answer(native.tokens) } : { status: 404, json: { error: { message: `no ${request.path}` } } }))
          const { proxyUrl, tokenId } = await mintFor(source, target)
          expect(await source.count(proxyUrl)).toBe(native.tokens)
          const [call] = bridge.mock.requests
          expect(bridge.mock.requests).toHaveLength(1)
          expect(call!.path).toMatch(native.path)
          // The mapped model is the one counted, and the whole request went: system prompt and message.
          expect(call!.path.includes(encodeURIComponent(target.model)) || call!.text.includes(`"${target.model}"`)).toBe(true)
          expect(carries(call!, USER)).toBe(true)
          if (source.sendsSystem) expect(carries(call!, SYSTEM)).toBe(true)
          expect(call!.text + JSON.stringify(call!.headers)).not.toContain(CLIENT_KEY)
          const [row] = await bridge.rowsFor(tokenId, 1)
          expect({ group: row!.endpointGroup, status: row!.status, upstreamModel: row!.upstreamModel }).toEqual({ group: 'count_tokens', status: 200, upstreamModel: target.model })
        })
      } else if (source.protocol !== target.protocol) {
        // (Same protocol on both sides passes through: the upstream's own answer, covered above.)
        test(`${source.protocol} → ${target.name}: no counter there, the bridge counts locally and nothing goes upstream`, async () => {
          bridge.mock.script(() => ({ status: 500, json: { error: { message: 'a local count must not call the upstream' } } }))
          const { proxyUrl } = await mintFor(source, target)
          const counted = await source.count(proxyUrl)
          expect(bridge.mock.requests).toHaveLength(0)
          // An OpenAI model: exactly its tokenizer's count; another family: the estimate (no calibration yet on this URL's server).
          const expected = target.model.includes('gpt-oss') ? localCount(source, o200kTokens) : localCount(source, estimateTextTokens)
          expect(counted).toBe(expected)
        })
      }
    }
  }
})
