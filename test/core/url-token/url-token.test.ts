import { describe, expect, test } from 'bun:test'
import type { ProxyConfig } from '../../../src/core/proxy-config.ts'
import { BridgeError } from '../../../src/core/errors.ts'
import { type KeyRing, invalidTokenError, looksLikeToken, newTokenId, openToken, sealToken, TOKEN_PREFIX } from '../../../src/core/url-token/index.ts'
import { decodeBase64Url, encodeBase64Url } from '../../../src/core/url-token/base64url.ts'
import { generateConfigs } from './generate-configs.ts'

const key = (fill: number) => new Uint8Array(32).fill(fill)
const ring = (current = 1, ids = [1]): KeyRing => ({ current, keys: new Map(ids.map((id) => [id, key(id)])) })

const base: ProxyConfig = {
  tokenId: 'tok_fixed_01',
  source: { protocol: 'anthropic' },
  target: { protocol: 'openai', baseUrl: 'https://api.openai.com/v1', auth: { type: 'bearer', token: 'sk-test' } },
  model: { mode: 'passthrough' },
  endpoints: { mode: 'auto' },
}

/** Resolves to the thrown error's JSON-visible shape, or fails the test if nothing was thrown. */
async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(BridgeError)
    const e = error as BridgeError
    return { kind: e.kind, code: e.code, status: e.status, message: e.message, retryable: e.retryable }
  }
  throw new Error('expected the token to be rejected')
}

const INVALID = (() => {
  const e = invalidTokenError()
  return { kind: e.kind, code: e.code, status: e.status, message: e.message, retryable: e.retryable }
})()

describe('url token', () => {
  test('round-trips many generated configs, every auth type, with and without optional fields', async () => {
    const r = ring()
    for (const config of generateConfigs(70)) {
      expect(await openToken(await sealToken(config, r), r, 0)).toEqual(config)
    }
  })

  test('generates a 12-character token id when the config has none', async () => {
    const r = ring()
    const opened = await openToken(await sealToken({ ...base, tokenId: '' }, r), r)
    expect(opened.tokenId).toMatch(/^[A-Za-z0-9_-]{12}$/)
    expect(newTokenId()).not.toBe(newTokenId())
  })

  test('tokens carry the prefix, are url-safe, and two mints of one config differ', async () => {
    const r = ring()
    const a = await sealToken(base, r)
    const b = await sealToken(base, r)
    expect(a.startsWith(TOKEN_PREFIX)).toBe(true)
    expect(a).toMatch(/^lb1_[A-Za-z0-9_-]+$/)
    expect(a).not.toBe(b)
    expect(looksLikeToken(a)).toBe(true)
    expect(looksLikeToken('sk-ant-123')).toBe(false)
    expect(looksLikeToken(TOKEN_PREFIX)).toBe(false)
  })

  test('any single bit flip anywhere in the token body is rejected with the one error', async () => {
    const r = ring()
    const token = await sealToken(base, r)
    const bytes = decodeBase64Url(token.slice(TOKEN_PREFIX.length)) as Uint8Array
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice()
      flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7))
      expect(await failure(openToken(TOKEN_PREFIX + encodeBase64Url(flipped), r))).toEqual(INVALID)
    }
  })

  test('truncation, extension and a changed prefix are rejected', async () => {
    const r = ring()
    const token = await sealToken(base, r)
    for (const cut of [1, 2, 3, 10, token.length - 5]) {
      expect(await failure(openToken(token.slice(0, -cut), r))).toEqual(INVALID)
    }
    for (const extra of ['A', 'AA', 'AAAA', 'x'.repeat(40)]) {
      expect(await failure(openToken(token + extra, r))).toEqual(INVALID)
    }
    expect(await failure(openToken('lb2_' + token.slice(4), r))).toEqual(INVALID)
  })

  test('every failure kind gives the identical error', async () => {
    const r = ring()
    const good = await sealToken(base, r)
    const expired = await sealToken({ ...base, expiresAt: 1000 }, r)
    const revoked = await sealToken({ ...base, tokenId: 'revoke_me' }, r)
    const otherKey = await sealToken(base, ring(7, [7]))
    const revokedRing: KeyRing = { ...r, revokedTokenIds: new Set(['revoke_me']) }
    // Thunks, not promises: a promise that rejects before the loop awaits it is an unhandled rejection.
    const cases: Array<() => Promise<unknown>> = [
      () => openToken('', r),
      () => openToken('sk-not-a-token', r),
      () => openToken(TOKEN_PREFIX + '!!!not base64', r),
      () => openToken(TOKEN_PREFIX + 'AQ', r),
      () => openToken(TOKEN_PREFIX + 'Ag' + good.slice(6), r), // version byte 2
      () => openToken(otherKey, r), // unknown key id
      () => openToken(good, { current: 1, keys: new Map([[1, key(9)]]) }), // same key id, different secret
      () => openToken(expired, r, 2000),
      () => openToken(revoked, revokedRing),
    ]
    for (const open of cases) expect(await failure(open())).toEqual(INVALID)
    expect(INVALID).toEqual({ kind: 'authentication', code: 'INVALID_TOKEN', status: 401, message: 'The proxy token is invalid or expired', retryable: false })
  })

  test('the key id is bound to the token: relabelling it fails even when both ids hold the same secret', async () => {
    const same = key(5)
    const r: KeyRing = { current: 1, keys: new Map([[1, same], [2, same]]) }
    const bytes = decodeBase64Url((await sealToken(base, r)).slice(TOKEN_PREFIX.length)) as Uint8Array
    bytes[2] = 2
    expect(await failure(openToken(TOKEN_PREFIX + encodeBase64Url(bytes), r))).toEqual(INVALID)
  })

  test('expiry tolerates 60 seconds of clock skew and no more', async () => {
    const r = ring()
    const token = await sealToken({ ...base, expiresAt: 10_000 }, r)
    expect((await openToken(token, r, 9_000)).expiresAt).toBe(10_000)
    expect((await openToken(token, r, 10_060)).expiresAt).toBe(10_000)
    expect(await failure(openToken(token, r, 10_061))).toEqual(INVALID)
  })

  test('revocation takes effect at once and only for the revoked id', async () => {
    const r: KeyRing = { ...ring(), revokedTokenIds: new Set() }
    const token = await sealToken(base, r)
    const other = await sealToken({ ...base, tokenId: 'other_id_001' }, r)
    await openToken(token, r)
    r.revokedTokenIds?.add(base.tokenId)
    expect(await failure(openToken(token, r))).toEqual(INVALID)
    expect((await openToken(other, r)).tokenId).toBe('other_id_001')
  })

  test('rotation keeps old URLs working until their key is removed', async () => {
    const r = ring(1, [1])
    const old = await sealToken(base, r)
    r.keys.set(2, key(2))
    r.current = 2
    const fresh = await sealToken(base, r)
    expect((await openToken(old, r)).tokenId).toBe(base.tokenId)
    expect((await openToken(fresh, r)).tokenId).toBe(base.tokenId)
    r.keys.delete(1)
    expect(await failure(openToken(old, r))).toEqual(INVALID)
    expect((await openToken(fresh, r)).tokenId).toBe(base.tokenId)
  })

  test('refuses to mint a configuration too large for a URL', async () => {
    const big: ProxyConfig = { ...base, label: crypto.randomUUID().repeat(130) }
    const error = await failure(sealToken(big, ring()))
    expect(error).toMatchObject({ code: 'INVALID_JSON', status: 400, message: 'configuration too large for a URL' })
  })

  test('a typical OpenAI target with a bearer key and a 2-entry model map stays under 450 characters', async () => {
    const apiKey = 'sk-proj-' + encodeBase64Url(crypto.getRandomValues(new Uint8Array(117))).replace(/[-_]/g, 'A')
    const typical: ProxyConfig = {
      tokenId: '',
      source: { protocol: 'anthropic' },
      target: { protocol: 'openai', provider: 'openai', baseUrl: 'https://api.openai.com/v1', auth: { type: 'bearer', token: apiKey } },
      model: { mode: 'map', map: { 'claude-sonnet-4*': 'gpt-4.1', 'claude-haiku*': 'gpt-4.1-mini' } },
      endpoints: { mode: 'auto' },
    }
    const token = await sealToken(typical, ring())
    // Measured 431 characters for a 164-character project key (the key itself is most of it).
    expect(token.length).toBeLessThan(450)
  })

  test('the token never contains the upstream key in clear', async () => {
    const token = await sealToken({ ...base, target: { ...base.target, auth: { type: 'bearer', token: 'CANARY' } } }, ring())
    expect(token.includes('CANARY')).toBe(false)
    expect(atob(token.slice(4).replaceAll('-', '+').replaceAll('_', '/').padEnd(Math.ceil((token.length - 4) / 4) * 4, '='))).not.toContain('CANARY')
  })
})
