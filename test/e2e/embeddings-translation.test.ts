/**
 * Embeddings across wire families, through the real server with the official SDKs as clients:
 * the openai SDK's embeddings.create toward a Gemini upstream (embedContent for one input,
 * batchEmbedContents for several; the SDK asks for base64 by default and decodes it itself), and
 * @google/genai's embedContent toward an OpenAI-compatible upstream. The mocks keep to the wire
 * (test/support/embedding-upstreams.ts): the Gemini one refuses any field it does not know.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { ApiError, GoogleGenAI } from '@google/genai'
import OpenAI from 'openai'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { geminiEmbeddingUpstream, openaiEmbeddingUpstream, vectorFor } from '../support/embedding-upstreams.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

const geminiTarget = () => ({ protocol: 'gemini', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } })
const openaiTarget = () => ({ protocol: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } })
const MAP = { mode: 'map', map: { 'text-embedding-3-small': 'gemini-embedding-001', 'gemini-embedding-001': 'text-embedding-3-large' } }

const mint = (source: string, target: Record<string, unknown>, model: Record<string, unknown> = MAP) => bridge.mint({ version: 2, source: { protocol: source }, target, model })
const openai = (proxyUrl: string) => new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${proxyUrl}/v1`, maxRetries: 0 })
const genai = (proxyUrl: string) => new GoogleGenAI({ apiKey: CLIENT_KEY, httpOptions: { baseUrl: proxyUrl, apiVersion: 'v1beta', retryOptions: { attempts: 1 } } })

function sentBody(index = 0): Record<string, unknown> {
  return bridge.mock.requests[index]?.json as Record<string, unknown>
}

describe('an OpenAI client toward Gemini', () => {
  test("one string, the SDK's default base64: embedContent with the mapped model, the vector decoded by the SDK", async () => {
    const { proxyUrl, tokenId } = await mint('openai', geminiTarget())
    bridge.mock.script(geminiEmbeddingUpstream)
    const result = await openai(proxyUrl).embeddings.create({ model: 'text-embedding-3-small', input: 'hello there' })
    expect(result.data).toEqual([{ object: 'embedding', index: 0, embedding: vectorFor('hello there') }])
    expect(result.model).toBe('text-embedding-3-small')
    expect(result.object).toBe('list')
    const request = bridge.mock.requests[0]
    expect(request?.path).toBe('/v1beta/models/gemini-embedding-001:embedContent')
    expect(request?.headers.get('x-goog-api-key')).toBe(UPSTREAM_KEY)
    expect(sentBody()).toEqual({ content: { parts: [{ text: 'hello there' }] } })
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row).toMatchObject({ status: 200, endpointGroup: 'embeddings', clientModel: 'text-embedding-3-small', upstreamModel: 'gemini-embedding-001' })
    // Gemini counts no embedding tokens: an estimate, marked, in the row and the answer's usage.
    expect(row?.usage).toMatchObject({ inputTokens: 3, outputTokens: 0, estimated: true })
    expect(result.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 })
  })

  test('several strings as floats with dimensions: one batchEmbedContents, each request naming the mapped model', async () => {
    const { proxyUrl, tokenId } = await mint('openai', geminiTarget())
    bridge.mock.script(geminiEmbeddingUpstream)
    const response = await openai(proxyUrl).embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'three', 'fifteen'], dimensions: 4, encoding_format: 'float', user: 'user-42' }).withResponse()
    expect(response.data.data.map((item) => [item.index, item.embedding])).toEqual([[0, vectorFor('one', 4)], [1, vectorFor('three', 4)], [2, vectorFor('fifteen', 4)]])
    expect(bridge.mock.requests[0]?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents')
    expect(sentBody()).toEqual({
      requests: ['one', 'three', 'fifteen'].map((text) => ({ model: 'models/gemini-embedding-001', content: { parts: [{ text }] }, outputDimensionality: 4 })),
    })
    // Gemini has no end-user id: dropped, and said so.
    expect(response.response.headers.get('x-llm-bridge-warnings')).toBe('1; dropped-field')
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row?.warnings).toEqual([expect.objectContaining({ code: 'dropped-field', field: 'user' })])
  })

  test('a one-element list as base64: embedContent, and the answer is still a list', async () => {
    const { proxyUrl } = await mint('openai', geminiTarget())
    bridge.mock.script(geminiEmbeddingUpstream)
    const raw = await fetch(`${proxyUrl}/v1/embeddings`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: ['solo'], encoding_format: 'base64' }),
    })
    const body = (await raw.json()) as { data: Array<{ embedding: string }> }
    expect(body.data).toHaveLength(1)
    expect([...new Float32Array(Buffer.from(body.data[0]?.embedding ?? '', 'base64').buffer.slice(0))]).toEqual(vectorFor('solo'))
    expect(bridge.mock.requests[0]?.path).toBe('/v1beta/models/gemini-embedding-001:embedContent')
  })

  test('token-id inputs: a 400 the SDK raises, saying why, and no upstream call', async () => {
    const { proxyUrl } = await mint('openai', geminiTarget())
    bridge.mock.script(geminiEmbeddingUpstream)
    const failure = await openai(proxyUrl).embeddings.create({ model: 'text-embedding-3-small', input: [[9906, 1917]] }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError)
    expect((failure as InstanceType<typeof OpenAI.BadRequestError>).message).toContain('no tokenizer')
    expect(bridge.mock.requests).toHaveLength(0)
  })

  test("Gemini's refusal reaches the client as its own 400", async () => {
    const { proxyUrl } = await mint('openai', geminiTarget())
    bridge.mock.script(() => ({ status: 400, json: { error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' } } }))
    const failure = await openai(proxyUrl).embeddings.create({ model: 'text-embedding-3-small', input: 'x' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError)
    expect((failure as Error).message).toContain('Request contains an invalid argument.')
  })
})

describe('a Gemini client toward an OpenAI-compatible upstream', () => {
  test('embedContent with one content: /v1/embeddings with the mapped model, floats, the usage counted upstream', async () => {
    const { proxyUrl, tokenId } = await mint('gemini', openaiTarget())
    bridge.mock.script(openaiEmbeddingUpstream)
    const result = await genai(proxyUrl).models.embedContent({ model: 'gemini-embedding-001', contents: 'hello there' })
    expect(result.embeddings).toEqual([{ values: vectorFor('hello there') }])
    const request = bridge.mock.requests[0]
    expect(request?.path).toBe('/v1/embeddings')
    expect(request?.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
    // The SDK always sends batchEmbedContents: a list of one.
    expect(sentBody()).toEqual({ model: 'text-embedding-3-large', input: ['hello there'], encoding_format: 'float' })
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row).toMatchObject({ status: 200, clientModel: 'gemini-embedding-001', upstreamModel: 'text-embedding-3-large', usage: { inputTokens: 2, outputTokens: 0 } })
    expect(row?.usage?.estimated).toBeUndefined()
  })

  test('several contents with outputDimensionality and a task type: one call, dimensions kept, the task type reported dropped', async () => {
    const { proxyUrl, tokenId } = await mint('gemini', openaiTarget())
    bridge.mock.script(openaiEmbeddingUpstream)
    const result = await genai(proxyUrl).models.embedContent({
      model: 'gemini-embedding-001', contents: ['alpha', 'beta gamma'], config: { outputDimensionality: 5, taskType: 'RETRIEVAL_DOCUMENT' },
    })
    expect(result.embeddings).toEqual([{ values: vectorFor('alpha', 5) }, { values: vectorFor('beta gamma', 5) }])
    expect(sentBody()).toEqual({ model: 'text-embedding-3-large', input: ['alpha', 'beta gamma'], encoding_format: 'float', dimensions: 5 })
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row?.warnings).toEqual([expect.objectContaining({ code: 'dropped-field', field: 'taskType' })])
  })

  test('the REST embedContent shape: one {content} in, one {embedding} out', async () => {
    const { proxyUrl } = await mint('gemini', openaiTarget())
    bridge.mock.script(openaiEmbeddingUpstream)
    const answer = await fetch(`${proxyUrl}/v1beta/models/gemini-embedding-001:embedContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': CLIENT_KEY },
      body: JSON.stringify({ content: { parts: [{ text: 'single' }] } }),
    })
    expect(await answer.json()).toEqual({ embedding: { values: vectorFor('single') }, usageMetadata: { promptTokenCount: 1, totalTokenCount: 1 } })
    expect(sentBody()).toEqual({ model: 'text-embedding-3-large', input: 'single', encoding_format: 'float' })
  })

  test("the upstream's 401 is the SDK's ApiError with status 401", async () => {
    const { proxyUrl } = await mint('gemini', openaiTarget())
    bridge.mock.script(() => ({ status: 401, json: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } }))
    const failure = await genai(proxyUrl).models.embedContent({ model: 'gemini-embedding-001', contents: 'x' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).status).toBe(401)
  })
})

describe('Gemini to Gemini (passthrough)', () => {
  test("under a model map, batchEmbedContents' per-request models are the mapped one too (Gemini refuses a mismatch)", async () => {
    const { proxyUrl } = await mint('gemini', geminiTarget(), { mode: 'map', map: { 'my-embedder': 'gemini-embedding-001' } })
    bridge.mock.script(geminiEmbeddingUpstream)
    const result = await genai(proxyUrl).models.embedContent({ model: 'my-embedder', contents: ['a', 'bb'] })
    expect(result.embeddings).toEqual([{ values: vectorFor('a') }, { values: vectorFor('bb') }])
    expect(bridge.mock.requests[0]?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents')
    expect((sentBody().requests as Array<{ model: string }>).map((request) => request.model)).toEqual(['models/gemini-embedding-001', 'models/gemini-embedding-001'])
  })

  test('the Gemini mock refuses a field it does not know, as the API does (what keeps the translations above honest)', async () => {
    const { proxyUrl } = await mint('gemini', geminiTarget(), { mode: 'passthrough' })
    bridge.mock.script(geminiEmbeddingUpstream)
    const answer = await fetch(`${proxyUrl}/v1beta/models/gemini-embedding-001:embedContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': CLIENT_KEY },
      body: JSON.stringify({ content: { parts: [{ text: 'x' }] }, dimensions: 3 }),
    })
    expect(answer.status).toBe(400)
    expect(JSON.stringify(await answer.json())).toContain('Unknown name \\"dimensions\\"')
  })
})
