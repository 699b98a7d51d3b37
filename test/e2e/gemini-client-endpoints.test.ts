/**
 * A Gemini client beyond chat, with the official @google/genai SDK: the proxy token as its API
 * key (`x-goog-api-key`, or `?key=` as some Gemini clients send it; only on the way in, never in
 * an upstream URL), countTokens (a local estimate in Gemini's shape where the target has no
 * Gemini endpoint, Gemini's own otherwise), the model list and one model, and embeddings passed
 * through to a Gemini target (translated ones: embeddings-translation.test.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { ApiError, GoogleGenAI } from '@google/genai'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { openaiReply } from '../support/e2e-wire.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

const geminiTarget = () => ({ protocol: 'gemini', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } })
const openaiTarget = () => ({ protocol: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } })

async function mint(target: Record<string, unknown>, model: Record<string, unknown> = { mode: 'passthrough' }) {
  const minted = await bridge.mint({ version: 2, source: { protocol: 'gemini' }, target, model })
  return { ...minted, token: minted.proxyUrl.slice(minted.proxyUrl.lastIndexOf('/') + 1) }
}

const sdk = (baseUrl: string, apiKey = CLIENT_KEY) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl, apiVersion: 'v1beta', retryOptions: { attempts: 1 } } })

const geminiAnswer = (text: string) => ({
  candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'r-1',
})

/** The upstream saw the sealed key in its header, and neither the proxy token nor a key in the URL. */
function expectSealedKeyOnly(token: string): void {
  for (const request of bridge.mock.requests) {
    expect(request.search).not.toContain('key=')
    expect(JSON.stringify([...request.headers]) + request.path + request.search).not.toContain(token)
  }
}

describe("the README's setup", () => {
  test("new GoogleGenAI({ apiKey, httpOptions: { baseUrl: '<proxyUrl>' } }) with the SDK's default API version, streamed and not", async () => {
    const { proxyUrl } = await mint(openaiTarget(), { mode: 'force', force: 'gpt-4o' })
    bridge.mock.script(openaiReply({ content: 'pong', finish: 'stop', usage: { prompt: 3, completion: 1 }, model: 'gpt-4o' }))
    const ai = new GoogleGenAI({ apiKey: 'any-value', httpOptions: { baseUrl: proxyUrl } })
    expect((await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'ping' })).text).toBe('pong')
    let streamed = ''
    for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'ping' })) streamed += chunk.text ?? ''
    expect(streamed).toBe('pong')
    expect(bridge.mock.requests.map((request) => request.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions'])
  })
})

describe('the snippets generate-url gives a Gemini client', () => {
  test('the env block names GOOGLE_GEMINI_BASE_URL, and the curl example works as pasted', async () => {
    const minted = await fetch(`${bridge.url}/api/generate-url`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: 2, source: { protocol: 'gemini' }, target: openaiTarget(), model: { mode: 'force', force: 'gpt-4o' } }),
    })
    const { proxyUrl, snippets } = (await minted.json()) as { proxyUrl: string; snippets: { envBlock: string; curlExample: string } }
    expect(snippets.envBlock).toBe(`GOOGLE_GEMINI_BASE_URL=${proxyUrl}\nGEMINI_API_KEY=any-value`)
    bridge.mock.script(openaiReply({ content: 'pong', finish: 'stop', usage: { prompt: 3, completion: 1 }, model: 'gpt-4o' }))
    const curl = Bun.spawn(['sh', '-c', snippets.curlExample], { stdout: 'pipe', stderr: 'pipe' })
    const [out, code] = await Promise.all([new Response(curl.stdout).text(), curl.exited])
    expect(code).toBe(0)
    expect((JSON.parse(out) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }).candidates[0]?.content.parts[0]?.text).toBe('pong')
  })
})

describe('the proxy token as a Gemini API key', () => {
  test('x-goog-api-key: the SDK pointed at <public-url>/proxy with the token as its apiKey', async () => {
    const { token } = await mint(geminiTarget())
    bridge.mock.script(() => ({ json: geminiAnswer('pong') }))
    const answer = await sdk(`${bridge.url}/proxy`, token).models.generateContent({ model: 'gemini-2.5-flash', contents: 'ping' })
    expect(answer.text).toBe('pong')
    expect(bridge.mock.requests[0]?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent')
    expect(bridge.mock.requests[0]?.headers.get('x-goog-api-key')).toBe(UPSTREAM_KEY)
    expectSealedKeyOnly(token)
  })

  test('?key= on a passthrough stream: the upstream gets alt=sse and its own key in the header, no key in the URL', async () => {
    const { token } = await mint(geminiTarget())
    bridge.mock.script(() => ({ headers: { 'content-type': 'text/event-stream' }, body: `data: ${JSON.stringify(geminiAnswer('pong'))}\r\n\r\n` }))
    const response = await fetch(`${bridge.url}/proxy/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=${token}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'ping' }] }] }),
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('"pong"')
    expect(bridge.mock.requests[0]?.search).toBe('?alt=sse')
    expect(bridge.mock.requests[0]?.headers.get('x-goog-api-key')).toBe(UPSTREAM_KEY)
    expectSealedKeyOnly(token)
  })

  test('?key= translated to an OpenAI upstream: the bearer is the sealed key', async () => {
    const { token } = await mint(openaiTarget(), { mode: 'force', force: 'gpt-4o' })
    bridge.mock.script(openaiReply({ content: 'pong', finish: 'stop', usage: { prompt: 3, completion: 1 }, model: 'gpt-4o' }))
    const response = await fetch(`${bridge.url}/proxy/v1beta/models/gemini-2.5-flash:generateContent?key=${token}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'ping' }] }] }),
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }
    expect(body.candidates[0]?.content.parts[0]?.text).toBe('pong')
    expect(bridge.mock.requests[0]?.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
    expectSealedKeyOnly(token)
  })

  test('a wrong key is refused with 401 INVALID_TOKEN, before any upstream call', async () => {
    bridge.mock.script(() => ({ json: geminiAnswer('never') }))
    const failure = await sdk(`${bridge.url}/proxy`, 'lb1_not-a-real-token').models.generateContent({ model: 'gemini-2.5-flash', contents: 'ping' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).status).toBe(401)
    // Without an opened token the bridge does not know the client's protocol: its own error shape.
    expect(JSON.parse((failure as ApiError).message)).toMatchObject({ error_code: 'INVALID_TOKEN' })
    expect(bridge.mock.requests).toHaveLength(0)
  })
})

describe('countTokens', () => {
  test('to a target without a Gemini endpoint: a local estimate in Gemini’s shape, marked as estimated', async () => {
    const { proxyUrl } = await mint(openaiTarget(), { mode: 'force', force: 'gpt-4o' })
    bridge.mock.script(() => ({ status: 500, json: { error: { message: 'must not be called' } } }))
    let estimated: string | null | undefined
    const ai = new GoogleGenAI({
      apiKey: CLIENT_KEY,
      httpOptions: {
        baseUrl: proxyUrl, apiVersion: 'v1beta',
        fetch: async (input, init) => {
          const response = await fetch(input, init)
          estimated = response.headers.get('x-llm-bridge-estimated')
          return response
        },
      },
    })
    const counted = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'How many tokens are in this sentence, roughly?' })
    expect(counted.totalTokens).toBeGreaterThan(5)
    expect(estimated).toBe('true')
    expect(bridge.mock.requests).toHaveLength(0)
  })

  test("to Gemini: Gemini's own count, passed through", async () => {
    const { proxyUrl } = await mint(geminiTarget())
    bridge.mock.script(() => ({ json: { totalTokens: 42, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 42 }] } }))
    const counted = await sdk(proxyUrl).models.countTokens({ model: 'gemini-2.5-flash', contents: 'Hello' })
    expect(counted.totalTokens).toBe(42)
    expect(bridge.mock.requests[0]?.path).toBe('/v1beta/models/gemini-2.5-flash:countTokens')
    expect(bridge.mock.requests[0]?.headers.get('x-goog-api-key')).toBe(UPSTREAM_KEY)
  })
})

describe('models', () => {
  test('to another protocol: the list names the forced model and one model reads back, in Gemini’s shape', async () => {
    const { proxyUrl } = await mint(openaiTarget(), { mode: 'force', force: 'gpt-4o' })
    bridge.mock.script(() => ({ status: 500, json: { error: { message: 'must not be called' } } }))
    const ai = sdk(proxyUrl)
    const names: string[] = []
    for await (const model of await ai.models.list()) names.push(model.name ?? '')
    expect(names).toEqual(['models/gpt-4o'])
    const one = await ai.models.get({ model: 'gemini-2.5-flash' })
    expect(one.name).toBe('models/gemini-2.5-flash')
    expect(one.supportedActions).toContain('generateContent')
    expect(bridge.mock.requests).toHaveLength(0)
  })

  test("to Gemini: Gemini's own list, passed through", async () => {
    const { proxyUrl } = await mint(geminiTarget())
    bridge.mock.script(() => ({ json: { models: [{ name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', supportedGenerationMethods: ['generateContent'] }] } }))
    const names: string[] = []
    for await (const model of await sdk(proxyUrl).models.list()) names.push(model.name ?? '')
    expect(names).toEqual(['models/gemini-2.5-flash'])
    expect(bridge.mock.requests[0]?.path).toBe('/v1beta/models')
  })
})

describe('embeddings', () => {
  test('to Gemini: batchEmbedContents passed through with the sealed key', async () => {
    const { proxyUrl } = await mint(geminiTarget())
    bridge.mock.script(() => ({ json: { embeddings: [{ values: [0.25, -0.5, 0.125] }] } }))
    const result = await sdk(proxyUrl).models.embedContent({ model: 'gemini-embedding-001', contents: 'hello' })
    expect(result.embeddings?.[0]?.values).toEqual([0.25, -0.5, 0.125])
    expect(bridge.mock.requests[0]?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents')
    expect(bridge.mock.requests[0]?.headers.get('x-goog-api-key')).toBe(UPSTREAM_KEY)
  })

  test('to a protocol without embeddings: refused as UNSUPPORTED_ENDPOINT in Gemini’s error shape', async () => {
    const { proxyUrl } = await mint({ protocol: 'anthropic', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } })
    bridge.mock.script(() => ({ status: 500, json: { error: { message: 'must not be called' } } }))
    const failure = await sdk(proxyUrl).models.embedContent({ model: 'gemini-embedding-001', contents: 'hello' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).status).toBe(400)
    expect(JSON.parse((failure as ApiError).message)).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' }, error_code: 'UNSUPPORTED_ENDPOINT' })
    expect(bridge.mock.requests).toHaveLength(0)
  })
})
