import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../src/core/errors.ts'
import { openToken } from '../../src/core/url-token/index.ts'
import { generateUrl, type GenerateUrlDeps } from '../../src/http/generate-url-api.ts'
import { makeBridge, postJson, PUBLIC_URL, readError, testConfig, testKeyRing } from '../server/test-server.ts'

/** Real time: openToken refuses an expired token. */
const NOW = Math.floor(Date.now() / 1000)

type EgressCall = { url: string; allowHosts: string[]; ownPorts: number[]; phase: string }

function deps(overrides: Partial<GenerateUrlDeps> = {}): GenerateUrlDeps & { calls: EgressCall[] } {
  const calls: EgressCall[] = []
  return {
    config: testConfig({ allowHosts: ['127.0.0.1:11434'] }),
    keyRing: testKeyRing(),
    nowSeconds: () => NOW,
    checkEgress: async (url, policy, phase) => {
      calls.push({ url: url.href, allowHosts: policy.allowHosts, ownPorts: policy.ownPorts, phase })
      return { addresses: [] }
    },
    calls,
    ...overrides,
  }
}

const groq = { version: 2, source: { protocol: 'anthropic' }, target: { provider: 'groq', auth: { token: 'gsk_test' } } }

async function mint(body: unknown, d = deps()) {
  const answer = await generateUrl(body, d)
  const token = answer.proxyUrl.slice(`${PUBLIC_URL}/proxy/`.length)
  return { answer, config: await openToken(token, d.keyRing), calls: d.calls }
}

async function rejection(body: unknown): Promise<string> {
  try {
    await generateUrl(body, deps())
  } catch (error) {
    if (error instanceof BridgeError) {
      expect(error.code).toBe('INVALID_JSON')
      expect(error.status).toBe(400)
      return error.message
    }
    throw error
  }
  throw new Error('expected a rejection')
}

describe('generate-url v2', () => {
  test('a provider preset fills protocol, base URL and auth type', async () => {
    const { answer, config } = await mint(groq)
    expect(answer.proxyUrl.startsWith(`${PUBLIC_URL}/proxy/`)).toBe(true)
    expect(config).toMatchObject({
      tokenId: answer.tokenId,
      source: { protocol: 'anthropic' },
      target: { protocol: 'openai', provider: 'groq', baseUrl: 'https://api.groq.com/openai/v1', auth: { type: 'bearer', token: 'gsk_test' } },
      model: { mode: 'passthrough' },
      endpoints: { mode: 'auto' },
    })
  })

  test('every field is carried into the sealed configuration', async () => {
    const body = {
      version: 2,
      source: { protocol: 'openai', provider: 'openai' },
      target: { protocol: 'anthropic', baseUrl: 'https://example.test/anthropic/', auth: { type: 'x-api-key', token: 'sk-ant' } },
      model: { mode: 'map', map: { 'gpt-4o': 'claude-sonnet-4-5', 'gpt-*': 'claude-haiku-4-5' }, stripClientSuffix: true },
      endpoints: { mode: 'translate' },
      expiresInSeconds: 3600,
      label: 'laptop',
      retry: { maxAttempts: 1, maxDelayMs: 500 },
    }
    const { answer, config } = await mint(body)
    expect(answer.expiresAt).toBe(NOW + 3600)
    expect(config).toMatchObject({
      label: 'laptop',
      source: { protocol: 'openai', provider: 'openai' },
      target: { protocol: 'anthropic', baseUrl: 'https://example.test/anthropic', auth: { type: 'x-api-key', token: 'sk-ant' } },
      model: { mode: 'map', map: body.model.map, stripClientSuffix: true },
      endpoints: { mode: 'translate' },
      expiresAt: NOW + 3600,
      retry: { maxAttempts: 1, maxDelayMs: 500 },
    })
    expect(config.target.provider).toBeUndefined()
  })

  test('every auth type is accepted as given', async () => {
    const auths = [
      { type: 'bearer', token: 't' },
      { type: 'x-api-key', token: 't' },
      { type: 'azure', apiKey: 'k', apiVersion: '2024-10-21', deployment: 'gpt4o' },
      { type: 'aws', accessKeyId: 'AKIA', secretAccessKey: 's', sessionToken: 'st', region: 'eu-west-1' },
      { type: 'none' },
    ]
    for (const auth of auths) {
      const { config } = await mint({ version: 2, source: { protocol: 'openai' }, target: { protocol: 'openai', baseUrl: 'https://example.test/v1', auth } })
      expect(config.target.auth).toEqual(auth as typeof config.target.auth)
    }
  })

  test('force mode keeps only the forced model', async () => {
    const { config } = await mint({ ...groq, model: { mode: 'force', force: 'llama-3.3-70b-versatile', map: { a: 'b' } } })
    expect(config.model).toEqual({ mode: 'force', force: 'llama-3.3-70b-versatile' })
  })

  test('the Ollama preset needs no auth', async () => {
    const { config } = await mint({ version: 2, source: { protocol: 'openai' }, target: { provider: 'ollama' } })
    expect(config.target.auth).toEqual({ type: 'none' })
  })

  test('the Bedrock preset takes its endpoint from the region the requests are signed for', async () => {
    const aws = (region: string) => ({ type: 'aws', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', region })
    const { config } = await mint({ version: 2, source: { protocol: 'bedrock' }, target: { provider: 'bedrock', auth: aws('eu-west-1') } })
    expect(config.target).toMatchObject({ protocol: 'bedrock', baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com' })
    expect(await rejection({ version: 2, source: { protocol: 'bedrock' }, target: { provider: 'bedrock', auth: aws('evil.example.com/x') } })).toContain('target.auth.region')
  })

  test('egress is checked at mint with the allow list and the bridge\'s own port', async () => {
    const { calls } = await mint(groq)
    expect(calls).toEqual([{ url: 'https://api.groq.com/openai/v1', allowHosts: ['127.0.0.1:11434'], ownPorts: [8787], phase: 'mint' }])
  })
})

describe('generate-url v1', () => {
  test('modelMap becomes model mode "map"', async () => {
    const { config } = await mint({
      version: 1,
      sourceProtocol: 'anthropic',
      targetProtocol: 'openai',
      targetBaseUrl: 'https://api.openai.com/v1',
      auth: { type: 'bearer', token: 'sk' },
      modelMap: { 'claude-*': 'gpt-4o' },
    })
    expect(config).toMatchObject({
      source: { protocol: 'anthropic' },
      target: { protocol: 'openai', baseUrl: 'https://api.openai.com/v1', auth: { type: 'bearer', token: 'sk' } },
      model: { mode: 'map', map: { 'claude-*': 'gpt-4o' } },
      endpoints: { mode: 'auto' },
    })
  })

  test('without modelMap the model passes through', async () => {
    const { config } = await mint({ version: 1, sourceProtocol: 'openai', targetProtocol: 'openai', targetBaseUrl: 'https://example.test/v1', auth: { type: 'none' } })
    expect(config.model).toEqual({ mode: 'passthrough' })
  })

  test('a v1 error names the v1 field', async () => {
    expect(await rejection({ version: 1, sourceProtocol: 'openai', targetProtocol: 'openai', auth: { type: 'none' } })).toStartWith('targetBaseUrl: required')
  })
})

describe('generate-url rejects bad input naming the field', () => {
  test.each([
    ['a body that is not an object', [1, 2], 'body: expected a JSON object'],
    ['a missing version', { source: {} }, 'version: required, expected 1 or 2'],
    ['an unknown version', { version: 3 }, 'version: expected 1 or 2'],
    ['an unknown auth type', { ...groq, target: { provider: 'groq', auth: { type: 'basic', token: 'x' } } }, 'target.auth.type: expected one of bearer, x-api-key, azure, aws, none'],
    ['an unknown protocol', { ...groq, source: { protocol: 'cohere' } }, 'source.protocol: expected one of anthropic, openai, openai-responses, gemini, bedrock'],
    ['an unknown field', { ...groq, extra: true }, 'extra: unknown field'],
    ['an unknown nested field', { ...groq, target: { ...groq.target, region: 'x' } }, 'target.region: unknown field'],
    ['a wrong type', { ...groq, expiresInSeconds: 'soon' }, 'expiresInSeconds: expected an integer from 1 to'],
    ['an unknown model mode', { ...groq, model: { mode: 'guess' } }, 'model.mode: expected one of force, map, passthrough'],
    ['an unknown endpoints mode', { ...groq, endpoints: { mode: 'all' } }, 'endpoints.mode: expected one of auto, translate, passthrough'],
    ['a non-boolean stripClientSuffix', { ...groq, model: { mode: 'passthrough', stripClientSuffix: 'yes' } }, 'model.stripClientSuffix: expected true or false'],
    ['a missing aws region', { version: 2, source: { protocol: 'bedrock' }, target: { protocol: 'bedrock', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', auth: { type: 'aws', accessKeyId: 'a', secretAccessKey: 'b' } } }, 'target.auth.region: required'],
    ['force without a model', { ...groq, model: { mode: 'force' } }, 'model.force: required when model.mode is "force"'],
    ['map without entries', { ...groq, model: { mode: 'map', map: {} } }, 'model.map: required'],
    ['no protocol without a provider', { version: 2, source: { protocol: 'openai' }, target: { baseUrl: 'https://x.test', auth: { type: 'none' } } }, 'target.protocol: required when target.provider is not given'],
    ['no base URL without a provider', { version: 2, source: { protocol: 'openai' }, target: { protocol: 'openai', auth: { type: 'none' } } }, 'target.baseUrl: required when target.provider is not given'],
    ['no auth without a provider', { version: 2, source: { protocol: 'openai' }, target: { protocol: 'openai', baseUrl: 'https://x.test' } }, 'target.auth: required when target.provider is not given'],
    ['a key-less auth for a keyed provider', { ...groq, target: { provider: 'groq' } }, 'target.auth: required: provider groq needs a key'],
    ['an auth type the provider does not use', { ...groq, target: { provider: 'groq', auth: { type: 'x-api-key', token: 'k' } } }, 'target.auth.type: provider groq uses bearer'],
    ['a protocol the provider does not speak', { ...groq, target: { provider: 'groq', protocol: 'anthropic', auth: { token: 'k' } } }, 'target.protocol: provider groq speaks openai'],
    ['a base URL that is not http(s)', { ...groq, target: { ...groq.target, baseUrl: 'ftp://x.test' } }, 'target.baseUrl: expected an http or https URL'],
    ['a base URL with credentials', { ...groq, target: { ...groq.target, baseUrl: 'https://u:p@x.test' } }, 'target.baseUrl: must not contain a user name or password'],
    ['a base URL with a query', { ...groq, target: { ...groq.target, baseUrl: 'https://x.test/v1?key=1' } }, 'target.baseUrl: must not contain a query string'],
    ['a label too long', { ...groq, label: 'x'.repeat(101) }, 'label: expected a label of 1 to 100 characters'],
    ['zero retry attempts', { ...groq, retry: { maxAttempts: 0 } }, 'retry.maxAttempts: expected an integer from 1 to 10'],
    ['an unknown retry field', { ...groq, retry: { maxAttempts: 2, jitter: true } }, 'retry.jitter: unknown field'],
  ])('%s', async (_name, body, expected) => {
    expect(await rejection(body)).toStartWith(expected)
  })

  test('an unknown provider is named', async () => {
    expect(await rejection({ ...groq, target: { provider: 'acme', auth: { token: 'k' } } })).toBe(
      'target.provider: unknown provider; GET /api/catalog lists the provider ids',
    )
    expect(await rejection({ ...groq, source: { protocol: 'anthropic', provider: 'acme' } })).toStartWith('source.provider: unknown provider;')
  })

  test("a preset's base URL with a placeholder left in it is refused, naming what to fill in", async () => {
    const message = await rejection({ version: 2, source: { protocol: 'openai' }, target: { provider: 'azure-openai', auth: { type: 'azure', apiKey: 'k' } } })
    expect(message).toStartWith('target.baseUrl: fill in {resource}')
  })

  test.each([
    ['an auth token', { ...groq, target: { provider: 'groq', auth: { token: 'a\r\nX-Injected: 1' } } }, 'target.auth.token'],
    ['an azure api version', { version: 2, source: { protocol: 'openai' }, target: { protocol: 'openai', baseUrl: 'https://x.test', auth: { type: 'azure', apiKey: 'k', apiVersion: '1\n' } } }, 'target.auth.apiVersion'],
    ['a forced model name', { ...groq, model: { mode: 'force', force: 'llama\r\n' } }, 'model.force'],
    ['a mapped model name', { ...groq, model: { mode: 'map', map: { a: 'b\nc' } } }, 'model.map.a'],
    ['a mapped client model name', { ...groq, model: { mode: 'map', map: { 'a\r\n': 'b' } } }, 'model.map["a\\r\\n"]'],
    ['a v1 model map', { version: 1, sourceProtocol: 'openai', targetProtocol: 'openai', targetBaseUrl: 'https://x.test', auth: { type: 'none' }, modelMap: { x: 'y\r' } }, 'modelMap.x'],
    ['a base URL', { ...groq, target: { ...groq.target, baseUrl: 'https://x.test/\r\nv1' } }, 'target.baseUrl'],
  ])('CR/LF in %s is rejected', async (_name, body, field) => {
    const message = await rejection(body)
    expect(message).toStartWith(`${field}:`)
    expect(message).toContain('CR')
  })
})

describe('POST /api/generate-url over HTTP', () => {
  test('answers the proxy URL, token id and snippets', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(postJson('/api/generate-url', { ...groq, model: { mode: 'force', force: 'llama-3.3-70b-versatile' } }))
    expect(response.status).toBe(200)
    const answer = (await response.json()) as { proxyUrl: string; tokenId: string; snippets: { proxyUrl: string; envBlock: string; curlExample: string; notes: string[] } }
    expect(answer.proxyUrl).toStartWith(`${PUBLIC_URL}/proxy/`)
    expect(answer.tokenId).toMatch(/^[A-Za-z0-9_-]{12}$/)
    expect(answer.snippets.proxyUrl).toBe(answer.proxyUrl)
    expect(answer.snippets.envBlock).toContain(`ANTHROPIC_BASE_URL=${answer.proxyUrl}`)
    // The curl example plays the client: it names a client model, which the URL forces to llama.
    expect(answer.snippets.curlExample).toContain('"model":"claude-sonnet-4-5"')
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  test('malformed JSON is 400 INVALID_JSON in the envelope', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(postJson('/api/generate-url', '{"version": 2,'))
    expect(response.status).toBe(400)
    const body = await readError(response)
    expect(body).toMatchObject({ error_code: 'INVALID_JSON', message: 'body: expected valid JSON' })
    expect(body.request_id).toBe(response.headers.get('x-request-id') ?? '')
  })

  test.each([
    ['an empty body', '', 'body: expected valid JSON'],
    ['a JSON null', 'null', 'body: expected a JSON object'],
    ['a string where auth belongs', JSON.stringify({ ...groq, target: { provider: 'groq', auth: 'sk' } }), 'target.auth: expected an object'],
  ])('%s is 400 INVALID_JSON', async (_name, body, message) => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(postJson('/api/generate-url', body))
    expect(response.status).toBe(400)
    expect(await readError(response)).toMatchObject({ error_code: 'INVALID_JSON', message })
  })

  test('an invalid body is 400 INVALID_JSON naming the field, not Elysia\'s validation body', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(postJson('/api/generate-url', { ...groq, target: { provider: 'groq', auth: { type: 'basic' } } }))
    expect(response.status).toBe(400)
    const body = await readError(response)
    expect(body.error_code).toBe('INVALID_JSON')
    expect(body.message).toBe('target.auth.type: expected one of bearer, x-api-key, azure, aws, none')
    expect(JSON.stringify(body)).not.toContain('summary')
  })

  test('a loopback upstream not allowed is 400 EGRESS_DENIED naming --allow-host', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(postJson('/api/generate-url', { version: 2, source: { protocol: 'openai' }, target: { provider: 'ollama' } }))
    expect(response.status).toBe(400)
    const body = await readError(response)
    expect(body.error_code).toBe('EGRESS_DENIED')
    expect(body.message).toContain('--allow-host 127.0.0.1:11434')
  })

  test('an allowed loopback upstream mints', async () => {
    const { bridge } = await makeBridge({ config: { allowHosts: ['127.0.0.1:11434'] } })
    const response = await bridge.fetch(postJson('/api/generate-url', { version: 2, source: { protocol: 'openai' }, target: { provider: 'ollama' } }))
    expect(response.status).toBe(200)
  })

  test('the bridge\'s own port is refused even when loopback is allowed', async () => {
    const { bridge } = await makeBridge({ config: { allowHosts: ['127.0.0.1'] } })
    const response = await bridge.fetch(
      postJson('/api/generate-url', { version: 2, source: { protocol: 'openai' }, target: { protocol: 'openai', baseUrl: 'http://127.0.0.1:8787/v1', auth: { type: 'none' } } }),
    )
    expect(response.status).toBe(400)
    expect((await readError(response)).error_code).toBe('EGRESS_DENIED')
  })

  test('the answer never echoes the upstream key outside the sealed token', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(postJson('/api/generate-url', { ...groq, target: { provider: 'groq', auth: { token: 'canary-key-123' } } }))
    expect(await response.text()).not.toContain('canary-key-123')
  })
})
