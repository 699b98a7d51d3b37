/**
 * A client's model list through a URL whose names pass through to an upstream of another wire
 * family, with the official SDKs as clients (Anthropic `models.list()`, OpenAI `models.list()`,
 * @google/genai `models.list()`): the bridge reads the target's own list in its format (the mock
 * answers as each provider documents it) and answers in the client's. A URL that maps names
 * still answers with its own names and calls nothing; an upstream's refusal reaches the client as
 * its own error; an upstream with no list gets the local answer with a warning.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import { GoogleGenAI } from '@google/genai'
import OpenAI from 'openai'
import type { ProtocolId } from '../../src/core/model/index.ts'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import type { MockReply, ReceivedRequest } from '../support/mock-upstream.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(() => bridge.close())

// Each provider's list as its reference shows it (openai-chat.md §10, anthropic-messages.md §12, gemini.md §10).
const OPENAI_LIST = {
  object: 'list',
  data: [
    { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
    { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
    { id: 'text-embedding-3-small', object: 'model', created: 1705948997, owned_by: 'system' },
  ],
}
const ANTHROPIC_LIST = {
  data: [
    { type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
    { type: 'model', id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
  ],
  has_more: false,
  first_id: 'claude-sonnet-4-5-20250929',
  last_id: 'claude-haiku-4-5-20251001',
}
const GEMINI_LIST = {
  models: [
    { name: 'models/gemini-2.5-flash', version: '001', displayName: 'Gemini 2.5 Flash', inputTokenLimit: 1048576, outputTokenLimit: 65536, supportedGenerationMethods: ['generateContent', 'countTokens'] },
    { name: 'models/gemini-embedding-001', version: '001', displayName: 'Gemini Embedding 001', inputTokenLimit: 2048, outputTokenLimit: 1, supportedGenerationMethods: ['embedContent'] },
  ],
}
const OPENAI_BAD_KEY = {
  error: { message: 'Incorrect API key provided: sk-e2e-u*****6789.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
}

type Target = { protocol: ProtocolId; baseUrl: (origin: string) => string; auth: Record<string, unknown>; listPath: string; list: unknown }
const TARGETS: Record<'openai' | 'anthropic' | 'gemini', Target> = {
  openai: { protocol: 'openai', baseUrl: (origin) => `${origin}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY }, listPath: '/v1/models', list: OPENAI_LIST },
  anthropic: { protocol: 'anthropic', baseUrl: (origin) => origin, auth: { type: 'x-api-key', token: UPSTREAM_KEY }, listPath: '/v1/models', list: ANTHROPIC_LIST },
  gemini: { protocol: 'gemini', baseUrl: (origin) => origin, auth: { type: 'x-api-key', token: UPSTREAM_KEY }, listPath: '/v1beta/models', list: GEMINI_LIST },
}

async function mint(source: ProtocolId, target: Target, model: Record<string, unknown> = { mode: 'passthrough' }) {
  return bridge.mint({ version: 2, source: { protocol: source }, target: { protocol: target.protocol, baseUrl: target.baseUrl(bridge.mock.url), auth: target.auth }, model })
}

/** The mock answers the target's list at its path, and 404 anywhere else. */
function serveList(target: Target): void {
  bridge.mock.script((request): MockReply => (request.method === 'GET' && request.path === target.listPath ? { json: target.list } : { status: 404, json: { error: { message: `no ${request.path}` } } }))
}

/** One GET of the list, with the sealed key and never the client's. */
function expectOneListCall(target: Target): ReceivedRequest {
  expect(bridge.mock.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${target.listPath}`])
  const call = bridge.mock.requests[0]!
  expect(JSON.stringify([...call.headers]) + call.search).toContain(UPSTREAM_KEY)
  expect(JSON.stringify([...call.headers]) + call.search).not.toContain(CLIENT_KEY)
  return call
}

const anthropicClient = (proxyUrl: string) => new Anthropic({ baseURL: proxyUrl, apiKey: CLIENT_KEY, maxRetries: 0 })
const openaiClient = (proxyUrl: string) => new OpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: CLIENT_KEY, maxRetries: 0 })
const genai = (proxyUrl: string) => new GoogleGenAI({ apiKey: CLIENT_KEY, httpOptions: { baseUrl: proxyUrl, apiVersion: 'v1beta', retryOptions: { attempts: 1 } } })

async function genaiNames(proxyUrl: string): Promise<string[]> {
  const names: string[] = []
  for await (const model of await genai(proxyUrl).models.list()) names.push(model.name ?? '')
  return names
}

describe('model names passed through: the upstream\'s own list, in the client\'s shape', () => {
  test('Anthropic SDK models.list() through an OpenAI-compatible upstream lists its ids', async () => {
    const { proxyUrl, tokenId } = await mint('anthropic', TARGETS.openai)
    serveList(TARGETS.openai)
    const page = await anthropicClient(proxyUrl).models.list()
    expect(page.data.map((model) => model.id)).toEqual(['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small'])
    expect(page.data[0]).toMatchObject({ type: 'model', id: 'gpt-4o' })
    expect(page.has_more).toBe(false)
    expect(expectOneListCall(TARGETS.openai).headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect({ group: row!.endpointGroup, status: row!.status }).toEqual({ group: 'models', status: 200 })
  })

  test('OpenAI SDK models.list() through an Anthropic upstream lists its ids, asking for one long page', async () => {
    const { proxyUrl } = await mint('openai', TARGETS.anthropic)
    serveList(TARGETS.anthropic)
    const page = await openaiClient(proxyUrl).models.list()
    expect(page.data.map((model) => model.id)).toEqual(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'])
    expect(page.data[0]).toMatchObject({ object: 'model' })
    const call = expectOneListCall(TARGETS.anthropic)
    expect(call.search).toBe('?limit=1000')
    expect(call.headers.get('x-api-key')).toBe(UPSTREAM_KEY)
    expect(call.headers.get('anthropic-version')).toBe('2023-06-01')
  })

  test('@google/genai models.list() through an OpenAI-compatible upstream lists its ids as Gemini model names', async () => {
    const { proxyUrl } = await mint('gemini', TARGETS.openai)
    serveList(TARGETS.openai)
    expect(await genaiNames(proxyUrl)).toEqual(['models/gpt-4o', 'models/gpt-4o-mini', 'models/text-embedding-3-small'])
    expectOneListCall(TARGETS.openai)
  })

  test('OpenAI SDK models.list() through a Gemini upstream lists the bare ids clients send', async () => {
    const { proxyUrl } = await mint('openai', TARGETS.gemini)
    serveList(TARGETS.gemini)
    const page = await openaiClient(proxyUrl).models.list()
    expect(page.data.map((model) => model.id)).toEqual(['gemini-2.5-flash', 'gemini-embedding-001'])
    const call = expectOneListCall(TARGETS.gemini)
    expect(call.search).toBe('?pageSize=1000')
    expect(call.headers.get('x-goog-api-key')).toBe(UPSTREAM_KEY)
  })

  test('one model by id is answered by the bridge in the client\'s shape, nothing sent upstream', async () => {
    const { proxyUrl } = await mint('anthropic', TARGETS.openai)
    serveList(TARGETS.openai)
    const model = await anthropicClient(proxyUrl).models.retrieve('gpt-4o')
    expect(model).toMatchObject({ type: 'model', id: 'gpt-4o' })
    expect(bridge.mock.requests).toHaveLength(0)
  })
})

describe('when the upstream\'s list is not the answer', () => {
  test('a URL that maps names answers with the names it accepts, and nothing goes upstream', async () => {
    const { proxyUrl } = await mint('anthropic', TARGETS.openai, { mode: 'map', map: { 'claude-bridge-fast': 'gpt-4o-mini', 'claude-*': 'gpt-4o' } })
    serveList(TARGETS.openai)
    const page = await anthropicClient(proxyUrl).models.list()
    expect(page.data.map((model) => model.id)).toEqual(['claude-bridge-fast'])
    expect(bridge.mock.requests).toHaveLength(0)
  })

  test('an upstream 401 reaches the Anthropic SDK as its authentication error, with the upstream\'s words', async () => {
    const { proxyUrl, tokenId } = await mint('anthropic', TARGETS.openai)
    bridge.mock.script(() => ({ status: 401, json: OPENAI_BAD_KEY }))
    const error = await anthropicClient(proxyUrl).models.list().then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError)
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).status).toBe(401)
    expect((error as Error).message).toContain('Incorrect API key provided')
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect({ status: row!.status, upstreamStatus: row!.upstreamStatus }).toEqual({ status: 401, upstreamStatus: 401 })
  })

  test('an upstream 401 reaches @google/genai as a Gemini error', async () => {
    const { proxyUrl } = await mint('gemini', TARGETS.openai)
    bridge.mock.script(() => ({ status: 401, json: OPENAI_BAD_KEY }))
    const error = await genaiNames(proxyUrl).then(() => undefined, (caught: unknown) => caught)
    expect((error as { status?: number }).status).toBe(401)
    expect((error as Error).message).toContain('Incorrect API key provided')
  })

  test('an upstream with no list (404) gets the local answer, marked with a warning', async () => {
    const { proxyUrl, tokenId } = await mint('anthropic', TARGETS.openai)
    bridge.mock.script(() => ({ status: 404, body: '404 page not found', headers: { 'content-type': 'text/plain' } }))
    const response = await fetch(`${proxyUrl}/v1/models`, { headers: { 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-llm-bridge-warnings')).toBe('1; emulated-model-list')
    expect(await response.json()).toEqual({ data: [], has_more: false, first_id: null, last_id: null })
    expect(bridge.mock.requests).toHaveLength(1)
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row!.status).toBe(200)
    expect(row!.warnings.map((warning) => warning.code)).toEqual(['emulated-model-list'])
  })
})
