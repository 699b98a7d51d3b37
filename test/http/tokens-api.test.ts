/**
 * /api/tokens on a real server: admin only, never a token or a key in the answer, revocation
 * effective at once (also for a URL already opened and cached) and after a restart.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { startTokenServer, type TokenServer } from '../token-registry/token-server.ts'

const KEY_A = 'sk-canary-tokens-a-7d41c09e2b'
const KEY_B = 'sk-canary-tokens-b-3a96f1e0d5'

type Envelope = { error_code: string; message: string }
type Listed = { tokenId: string; label?: string; revokedAt?: number; requestCount?: number; lastUsedAt?: number; targetHost: string; settings: { target: { auth: { type: string } } } }
type List = { tokens: Listed[]; usageRecorded: boolean }
type Minted = { proxyUrl: string; tokenId: string }

let mock: MockUpstream
let dir: string
let server: TokenServer

beforeAll(async () => {
  mock = startMockUpstream(() => ({ json: { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] } }))
  dir = await mkdtemp(join(tmpdir(), 'lb-tokens-api-'))
  server = await startTokenServer(join(dir, 'data'), { upstreamPort: mock.port })
})

afterAll(async () => {
  await server.stop()
  mock.stop()
  await rm(dir, { recursive: true, force: true })
})

const admin = () => ({ authorization: `Bearer ${server.adminKey}` })

async function mint(label: string, key: string): Promise<Minted> {
  const response = await fetch(`${server.origin}/api/generate-url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...admin() },
    body: JSON.stringify({ version: 2, label, source: { protocol: 'openai' }, target: { protocol: 'openai', baseUrl: `${mock.url}/v1`, auth: { type: 'bearer', token: key } } }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Minted
}

function chat(proxyUrl: string): Promise<Response> {
  return fetch(`${proxyUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) })
}

async function list(headers: Record<string, string> = admin()): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.origin}/api/tokens`, { headers })
  return { status: response.status, text: await response.text() }
}

const revoke = (id: string, headers: Record<string, string> = admin()) => fetch(`${server.origin}/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE', headers })

async function listedUntil(predicate: (tokens: Listed[]) => boolean): Promise<Listed[]> {
  // The log writes its rows a few ms after the answer: read again until they are there.
  for (let attempt = 0; attempt < 100; attempt++) {
    await server.log.flush()
    const tokens = (JSON.parse((await list()).text) as List).tokens
    if (predicate(tokens)) return tokens
    await Bun.sleep(20)
  }
  throw new Error('the list never matched')
}

describe('/api/tokens', () => {
  let first: Minted
  let second: Minted

  test('lists the minted URLs newest first, with their use, and never a token or a key', async () => {
    first = await mint('laptop', KEY_A)
    second = await mint('ci runner', KEY_B)
    expect((await chat(first.proxyUrl)).status).toBe(200)
    const tokens = await listedUntil((all) => all.find((token) => token.tokenId === first.tokenId)?.requestCount === 1)
    expect(tokens.map((token) => token.tokenId)).toEqual([second.tokenId, first.tokenId])
    expect(tokens[1]).toMatchObject({ label: 'laptop', targetHost: `127.0.0.1:${mock.port}`, requestCount: 1, settings: { target: { auth: { type: 'bearer' } } } })
    expect(tokens[1]?.lastUsedAt).toBeGreaterThan(0)
    expect(tokens[0]?.requestCount).toBe(0)
    const { text } = await list()
    for (const secret of [KEY_A, KEY_B, server.adminKey, first.proxyUrl.split('/proxy/')[1] ?? 'x', second.proxyUrl.split('/proxy/')[1] ?? 'x']) {
      expect(text).not.toContain(secret)
    }
  })

  test('without the admin key: 401 in the error envelope, for the list and for a revoke', async () => {
    const missing = await list({})
    expect(missing.status).toBe(401)
    expect((JSON.parse(missing.text) as Envelope).error_code).toBe('MISSING_TOKEN')
    const wrong = await list({ authorization: 'Bearer not-the-admin-key-0123456789' })
    expect(wrong.status).toBe(401)
    expect((JSON.parse(wrong.text) as Envelope).error_code).toBe('INVALID_TOKEN')
    // A URL's own token reads its log rows, but is not the admin.
    const asToken = await list({ authorization: `Bearer ${first.proxyUrl.split('/proxy/')[1]}` })
    expect(asToken.status).toBe(401)
    const refused = await revoke(first.tokenId, {})
    expect(refused.status).toBe(401)
    expect(((await refused.json()) as Envelope).error_code).toBe('MISSING_TOKEN')
    expect((await chat(first.proxyUrl)).status).toBe(200)
  })

  test('an unknown id is a 404 envelope', async () => {
    const response = await revoke('no-such-token')
    expect(response.status).toBe(404)
    expect(((await response.json()) as Envelope).error_code).toBe('NOT_FOUND')
  })

  test('revoking a URL already used (opened and cached) makes it answer 401 INVALID_TOKEN at once; a second revoke changes nothing', async () => {
    expect((await chat(first.proxyUrl)).status).toBe(200)
    const response = await revoke(first.tokenId)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ tokenId: first.tokenId, revoked: true, changed: true })
    const refused = await chat(first.proxyUrl)
    expect(refused.status).toBe(401)
    expect(JSON.stringify(await refused.json())).toContain('INVALID_TOKEN')
    const again = await revoke(first.tokenId)
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ tokenId: first.tokenId, revoked: true, changed: false })
    expect((await chat(second.proxyUrl)).status).toBe(200)
    const listed = (JSON.parse((await list()).text) as List).tokens.find((token) => token.tokenId === first.tokenId)
    expect(listed?.revokedAt).toBeGreaterThan(0)
  })

  test('a revoked URL stays revoked after a restart; the others keep working', async () => {
    await server.stop()
    server = await startTokenServer(join(dir, 'data'), { upstreamPort: mock.port })
    const refused = await chat(first.proxyUrl.replace(/^http:\/\/[^/]+/, server.origin))
    expect(refused.status).toBe(401)
    expect(JSON.stringify(await refused.json())).toContain('INVALID_TOKEN')
    expect((await chat(second.proxyUrl.replace(/^http:\/\/[^/]+/, server.origin))).status).toBe(200)
  })
})

describe('/api/tokens with the request log off', () => {
  test('URLs are still recorded and revocable; no use is claimed', async () => {
    const offDir = await mkdtemp(join(tmpdir(), 'lb-tokens-off-'))
    const off = await startTokenServer(join(offDir, 'data'), { upstreamPort: mock.port, requestLog: false })
    try {
      const response = await fetch(`${off.origin}/api/generate-url`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${off.adminKey}` },
        body: JSON.stringify({ version: 2, source: { protocol: 'openai' }, target: { protocol: 'openai', baseUrl: `${mock.url}/v1`, auth: { type: 'bearer', token: KEY_A } } }),
      })
      const minted = (await response.json()) as Minted
      const listed = (await (await fetch(`${off.origin}/api/tokens`, { headers: { authorization: `Bearer ${off.adminKey}` } })).json()) as List
      expect(listed.usageRecorded).toBe(false)
      expect(listed.tokens.map((token) => token.tokenId)).toEqual([minted.tokenId])
      expect(listed.tokens[0]?.requestCount).toBeUndefined()
      expect((await fetch(`${off.origin}/api/tokens/${minted.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${off.adminKey}` } })).status).toBe(200)
      expect((await chat(minted.proxyUrl)).status).toBe(401)
    } finally {
      await off.stop()
      await rm(offDir, { recursive: true, force: true })
    }
  })
})
