import { describe, expect, test } from 'bun:test'
import { makeBridge, postJson, PUBLIC_URL, readError } from './test-server.ts'
import { PROTOCOL_IDS, type ProtocolId } from '../../src/core/model/index.ts'
import { findCodec } from '../../src/core/protocols/index.ts'

const ollama = { version: 2, source: { protocol: 'openai' }, target: { provider: 'openai', auth: { token: 'sk' } } }

describe('healthz', () => {
  test('answers ok with the version, then 503 draining once shutdown starts', async () => {
    const { bridge } = await makeBridge()
    const ok = await bridge.fetch(new Request(`${PUBLIC_URL}/healthz`))
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ status: 'ok', version: expect.any(String) })
    bridge.setDraining(true)
    const draining = await bridge.fetch(new Request(`${PUBLIC_URL}/healthz`))
    expect(draining.status).toBe(503)
    expect(await draining.json()).toEqual({ status: 'draining' })
  })
})

describe('catalog', () => {
  test('lists the presets with the fields the console needs, and no models or secrets', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(new Request(`${PUBLIC_URL}/api/catalog`))
    expect(response.status).toBe(200)
    const body = (await response.json()) as { providers: Record<string, unknown>[] }
    const groq = body.providers.find((provider) => provider.id === 'groq')
    expect(groq).toEqual({
      id: 'groq',
      name: 'Groq',
      protocol: 'openai',
      authType: 'bearer',
      defaultBaseUrl: 'https://api.groq.com/openai/v1',
      endpointSupport: expect.objectContaining({ chat: 'translate', embeddings: 'unsupported' }),
      docsUrl: 'https://console.groq.com/docs/openai',
    })
  })

  test('says for every protocol whether this build has its codec, so the console can warn before minting', async () => {
    const { bridge } = await makeBridge()
    const body = (await (await bridge.fetch(new Request(`${PUBLIC_URL}/api/catalog`))).json()) as { protocols: { id: ProtocolId; codec: boolean }[] }
    expect(body.protocols.map((item) => item.id)).toEqual([...PROTOCOL_IDS])
    for (const item of body.protocols) expect(item.codec).toBe(findCodec(item.id) !== undefined)
  })
})

describe('security headers', () => {
  test('every answer carries x-request-id, no-referrer and nosniff; /api is not cached', async () => {
    const { bridge } = await makeBridge()
    for (const path of ['/healthz', '/api/catalog', '/nope', '/proxy/not-a-token/v1/models']) {
      const response = await bridge.fetch(new Request(`${PUBLIC_URL}${path}`))
      expect(response.headers.get('x-request-id')).toMatch(/\S+/)
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
    const api = await bridge.fetch(new Request(`${PUBLIC_URL}/api/catalog`))
    expect(api.headers.get('cache-control')).toBe('no-store')
    const proxy = await bridge.fetch(new Request(`${PUBLIC_URL}/proxy/not-a-token/v1/models`))
    expect(proxy.headers.get('cache-control')).toBe('no-store')
  })

  test('two requests get different request ids', async () => {
    const { bridge } = await makeBridge()
    const a = await bridge.fetch(new Request(`${PUBLIC_URL}/healthz`))
    const b = await bridge.fetch(new Request(`${PUBLIC_URL}/healthz`))
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'))
  })
})

describe('unknown paths and methods', () => {
  test('an unknown path is 404 NOT_FOUND in the envelope', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(new Request(`${PUBLIC_URL}/api/nothing-here`))
    expect(response.status).toBe(404)
    const body = await readError(response)
    expect(body).toMatchObject({ error_code: 'NOT_FOUND', message: 'No route for GET /api/nothing-here' })
    expect(body.request_id).toBe(response.headers.get('x-request-id') ?? '')
    expect(body.docs_url).toMatch(/^https:\/\//)
  })

  test('a short Host name still routes (Elysia sees a canonical URL)', async () => {
    const { bridge } = await makeBridge({ config: { publicUrl: 'http://a:8787' } })
    const response = await bridge.fetch(new Request('http://a:8787/api/catalog'))
    expect(response.status).toBe(200)
  })
})

describe('CSRF on state-changing API calls', () => {
  test('a foreign Origin is 403 FORBIDDEN', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(postJson('/api/generate-url', ollama, { origin: 'https://evil.example' }))
    expect(response.status).toBe(403)
    expect((await readError(response)).error_code).toBe('FORBIDDEN')
  })

  test('the same Origin is accepted', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(postJson('/api/generate-url', ollama, { origin: PUBLIC_URL }))
    expect(response.status).toBe(200)
  })

  test('the --public-url origin is accepted behind a TLS reverse proxy', async () => {
    const { bridge } = await makeBridge({ config: { publicUrl: 'https://bridge.example.com' } })
    const request = new Request('http://bridge.example.com/api/generate-url', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://bridge.example.com' },
      body: JSON.stringify(ollama),
    })
    expect((await bridge.fetch(request)).status).toBe(200)
  })

  test('a form content type is refused (415), so a cross-site form cannot post', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(
      new Request(`${PUBLIC_URL}/api/generate-url`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(ollama) }),
    )
    expect(response.status).toBe(415)
    expect((await readError(response)).message).toBe('content-type: expected application/json')
  })
})

describe('Host header', () => {
  test('a foreign Host on the API is 403 (DNS rebinding)', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(new Request('http://attacker.example:8787/api/catalog'))
    expect(response.status).toBe(403)
    expect((await readError(response)).message).toContain('--public-url')
  })

  test('loopback names and the public URL host are accepted', async () => {
    const { bridge } = await makeBridge({ config: { host: '0.0.0.0', publicUrl: 'http://nas.lan:8787' } })
    for (const origin of ['http://localhost:8787', 'http://127.0.0.1:8787', 'http://nas.lan:8787', 'http://NAS.lan:8787']) {
      expect((await bridge.fetch(new Request(`${origin}/api/catalog`))).status).toBe(200)
    }
    expect((await bridge.fetch(new Request('http://192.168.1.9:8787/api/catalog'))).status).toBe(403)
  })

  test('healthz and the proxy answer under any name', async () => {
    const { bridge } = await makeBridge()
    expect((await bridge.fetch(new Request('http://other.example/healthz'))).status).toBe(200)
    expect((await bridge.fetch(new Request('http://other.example/proxy/x/v1/models'))).status).not.toBe(403)
  })

  test('a malformed Host is 400', async () => {
    const { bridge } = await makeBridge()
    const response = await bridge.fetch(new Request(`${PUBLIC_URL}/healthz`, { headers: { host: 'bad host\\x' } }))
    expect(response.status).toBe(400)
    expect((await readError(response)).message).toBe('Host header: malformed')
  })
})

describe('request body cap', () => {
  test('a Content-Length over the cap is 413 PAYLOAD_TOO_LARGE before any handler reads it', async () => {
    const { bridge } = await makeBridge({ config: { maxBodyBytes: 1024 } })
    for (const path of ['/api/generate-url', '/proxy/x/v1/chat/completions']) {
      const body = JSON.stringify({ pad: 'x'.repeat(2048) })
      const response = await bridge.fetch(postJson(path, body, { 'content-length': String(body.length) }))
      expect(response.status).toBe(413)
      expect((await readError(response)).error_code).toBe('PAYLOAD_TOO_LARGE')
    }
  })
})
