/**
 * The URL token through the real HTTP server: a bit flipped in every byte of a minted token (all
 * 24 bits of the version/key-id header), truncations, extensions, non-base64url characters, an
 * unknown key id, another server's secret, an expired token, a revoked one and an oversized one all
 * get the same 401 INVALID_TOKEN — byte-identical bodies once the request id is set aside, and the
 * same headers apart from x-request-id (and Date) — in every place a token can travel. Expiry is
 * tested with tokens minted under an injected mint clock (the server's own clock is real), so the
 * 60 s skew is checked on both sides without waiting. The bit-level properties over many configs
 * are in test/core/url-token/url-token.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { encodeBase64Url, decodeBase64Url } from '../../src/core/url-token/base64url.ts'
import { generateUrl } from '../../src/http/generate-url-api.ts'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { mintProxyUrl, openaiPassthroughBody, randomHex, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

const KEY = `tok${randomHex(12)}`
const OK = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }] }
const PREFIX = 'lb1_'

let bridge: SecurityBridge
let lan: SecurityBridge
let upstream: MockUpstream
let token: string

beforeAll(async () => {
  upstream = startMockUpstream(() => ({ json: OK }))
  bridge = await startSecurityBridge({ allowHosts: [`127.0.0.1:${upstream.port}`] })
  lan = await startSecurityBridge({ host: '0.0.0.0', dataDir: bridge.data.dataDir, allowHosts: [`127.0.0.1:${upstream.port}`] })
  token = (await mintProxyUrl(bridge.url, openaiPassthroughBody(`${upstream.url}/v1`, KEY))).token
})

afterAll(async () => {
  await lan.stop()
  await bridge.stop()
  upstream.stop()
})

type Placement = 'path' | 'bearer' | 'x-api-key' | 'logs-api'

async function send(candidate: string, placement: Placement): Promise<Response> {
  if (placement === 'logs-api') return fetch(`${lan.url}/api/logs`, { headers: { authorization: `Bearer ${candidate}` } })
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  let url = `${bridge.url}/proxy/${candidate}/v1/chat/completions`
  if (placement !== 'path') {
    url = `${bridge.url}/proxy/v1/chat/completions`
    if (placement === 'bearer') headers.authorization = `Bearer ${candidate}`
    else headers['x-api-key'] = candidate
  }
  return fetch(url, { method: 'POST', headers, body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'ping' }] }) })
}

/** Status, headers (x-request-id and date set aside) and the body with its request id replaced. */
async function fingerprint(response: Response): Promise<string> {
  const requestId = response.headers.get('x-request-id') ?? ''
  expect(requestId).not.toBe('')
  const body = (await response.text()).split(requestId).join('<request id>')
  const headers = [...response.headers].filter(([name]) => name !== 'x-request-id' && name !== 'date').map(([name, value]) => `${name}: ${value}`).sort()
  return `${response.status}\n${headers.join('\n')}\n\n${body}`
}

function bytesOf(candidate: string): Uint8Array {
  const bytes = decodeBase64Url(candidate.slice(PREFIX.length))
  if (bytes === undefined) throw new Error('not a token')
  return bytes
}

function withBitFlipped(candidate: string, byteIndex: number, bit: number): string {
  const bytes = bytesOf(candidate).slice()
  bytes[byteIndex] = (bytes[byteIndex] as number) ^ (1 << bit)
  return PREFIX + encodeBase64Url(bytes)
}

async function mintWith(options: { keyRing?: typeof bridge.data.keyRing; mintedAtSeconds?: number; expiresInSeconds?: number }): Promise<string> {
  const body = openaiPassthroughBody(`${upstream.url}/v1`, KEY, options.expiresInSeconds === undefined ? {} : { expiresInSeconds: options.expiresInSeconds })
  const minted = await generateUrl(body, {
    config: bridge.config,
    keyRing: options.keyRing ?? bridge.data.keyRing,
    ...(options.mintedAtSeconds === undefined ? {} : { nowSeconds: () => options.mintedAtSeconds as number }),
  })
  return minted.proxyUrl.slice(minted.proxyUrl.indexOf('/proxy/') + '/proxy/'.length)
}

/** Every kind of bad token, named. */
async function badTokens(): Promise<Map<string, string>> {
  const nowSeconds = Math.floor(Date.now() / 1000)
  const bad = new Map<string, string>()
  const length = bytesOf(token).length
  for (let i = 0; i < length; i++) bad.set(`bit ${i % 8} of byte ${i} flipped`, withBitFlipped(token, i, i % 8))
  for (let bit = 0; bit < 24; bit++) bad.set(`header bit ${bit} flipped`, withBitFlipped(token, bit >> 3, bit & 7))
  for (const cut of [1, 2, 3, 10, 40, token.length - PREFIX.length - 1]) bad.set(`truncated by ${cut}`, token.slice(0, token.length - cut))
  bad.set('prefix and one character', `${PREFIX}A`)
  for (const tail of ['A', 'AA', 'AAAA', 'AAAAAAAAAAAA', '_-_-']) bad.set(`extended by ${tail}`, token + tail)
  bad.set('not base64url (!)', `${token.slice(0, 30)}!${token.slice(31)}`)
  bad.set('not base64url (+)', `${token.slice(0, 30)}+${token.slice(31)}`)
  bad.set('oversized', PREFIX + 'A'.repeat(9000))
  bad.set('unknown key id', await mintWith({ keyRing: { current: 7, keys: new Map([[7, crypto.getRandomValues(new Uint8Array(32))]]) } }))
  bad.set("another server's secret", await mintWith({ keyRing: { current: 1, keys: new Map([[1, crypto.getRandomValues(new Uint8Array(32))]]) } }))
  bad.set('expired past the skew', await mintWith({ mintedAtSeconds: nowSeconds - 3600, expiresInSeconds: 60 }))
  bad.set('expired 90 s ago', await mintWith({ mintedAtSeconds: nowSeconds - 100, expiresInSeconds: 10 }))
  return bad
}

describe('a tampered token over HTTP', () => {
  test('the real token works (the control), then every kind of bad token is the same 401 in every placement', async () => {
    for (const placement of ['path', 'bearer', 'x-api-key'] as const) expect((await send(token, placement)).status).toBe(200)
    expect((await send(token, 'logs-api')).status).toBe(200)
    const bad = await badTokens()
    expect(bad.size).toBeGreaterThan(bytesOf(token).length + 24)
    for (const placement of ['path', 'bearer', 'x-api-key', 'logs-api'] as const) {
      const prints = new Map<string, string[]>()
      for (const [kind, candidate] of bad) {
        if (placement !== 'path' && kind === 'oversized') continue
        const response = await send(candidate, placement)
        const print = await fingerprint(response)
        prints.set(print, [...(prints.get(print) ?? []), kind])
      }
      // One fingerprint for all kinds: nothing tells a bad tag from a bad key id or an expiry.
      expect({ placement, distinct: prints.size }).toEqual({ placement, distinct: 1 })
      const [print] = [...prints.keys()]
      expect(print?.startsWith('401\n')).toBe(true)
      expect(print).toContain('INVALID_TOKEN')
      expect(print).not.toContain(token.slice(PREFIX.length, PREFIX.length + 24))
    }
    // Only the three proxied control requests reached the upstream.
    expect(upstream.requests).toHaveLength(3)
  })

  test('a token that expired 30 s ago is inside the 60 s skew and still works (90 s ago is refused above)', async () => {
    const nowSeconds = Math.floor(Date.now() / 1000)
    const candidate = await mintWith({ mintedAtSeconds: nowSeconds - 40, expiresInSeconds: 10 })
    expect((await send(candidate, 'path')).status).toBe(200)
  })

  test('revoking a token id takes effect on the next request, with the same 401 bytes', async () => {
    const candidate = await mintWith({})
    const expired = await mintWith({ mintedAtSeconds: Math.floor(Date.now() / 1000) - 3600, expiresInSeconds: 60 })
    expect((await send(candidate, 'path')).status).toBe(200)
    const ring = bridge.data.keyRing
    const config = await import('../../src/core/url-token/index.ts').then((module) => module.openToken(candidate, ring))
    ring.revokedTokenIds = new Set([config.tokenId])
    try {
      const revoked = await fingerprint(await send(candidate, 'path'))
      expect(revoked).toBe(await fingerprint(await send(expired, 'path')))
    } finally {
      delete ring.revokedTokenIds
    }
  })
})
