import { describe, expect, test } from 'bun:test'
import type { ProxyConfig } from '../../../src/core/proxy-config.ts'
import { BridgeError } from '../../../src/core/errors.ts'
import { type KeyRing, openToken, sealToken } from '../../../src/core/url-token/index.ts'
import { OPENED_TOKEN_CACHE_SIZE } from '../../../src/core/url-token/opened-token-cache.ts'

const key = (fill: number) => new Uint8Array(32).fill(fill)
const ring = (): KeyRing => ({ current: 1, keys: new Map([[1, key(1)], [2, key(2)]]) })

const base: ProxyConfig = {
  tokenId: 'tok_cache_001',
  source: { protocol: 'anthropic' },
  target: { protocol: 'openai', baseUrl: 'https://api.openai.com/v1', auth: { type: 'bearer', token: 'sk-test' } },
  model: { mode: 'passthrough' },
  endpoints: { mode: 'auto' },
}

async function rejected(promise: Promise<unknown>): Promise<boolean> {
  try {
    await promise
    return false
  } catch (error) {
    return error instanceof BridgeError && error.code === 'INVALID_TOKEN'
  }
}

describe('opened token cache', () => {
  test('a second open of the same token gives an equal config that no caller can change', async () => {
    const r = ring()
    const token = await sealToken(base, r)
    const first = await openToken(token, r)
    expect(() => {
      first.model.mode = 'force'
    }).toThrow(TypeError)
    expect(() => {
      first.target.auth = { type: 'none' }
    }).toThrow(TypeError)
    expect(await openToken(token, r)).toEqual(base)
  })

  test('a key removed from the ring stops its tokens even after they were opened', async () => {
    const r = ring()
    const token = await sealToken(base, r)
    await openToken(token, r)
    r.keys.delete(1)
    expect(await rejected(openToken(token, r))).toBe(true)
  })

  test('a key replaced under the same id stops the tokens the old key opened', async () => {
    const r = ring()
    const token = await sealToken(base, r)
    await openToken(token, r)
    r.keys.set(1, key(9))
    expect(await rejected(openToken(token, r))).toBe(true)
  })

  test('revocation and expiry apply to a token already opened', async () => {
    const r = ring()
    const token = await sealToken({ ...base, expiresAt: 1_000 }, r)
    expect((await openToken(token, r, 1_000)).tokenId).toBe(base.tokenId)
    expect(await rejected(openToken(token, r, 2_000))).toBe(true)
    r.revokedTokenIds = new Set([base.tokenId])
    expect(await rejected(openToken(token, r, 1_000))).toBe(true)
  })

  test('stays bounded: the least recently used token is opened again from its bytes, still correctly', async () => {
    const r = ring()
    const first = await sealToken(base, r)
    await openToken(first, r)
    for (let i = 0; i < OPENED_TOKEN_CACHE_SIZE; i++) await openToken(await sealToken({ ...base, tokenId: `tok_fill_${i}` }, r), r)
    expect((await openToken(first, r)).tokenId).toBe(base.tokenId)
  })
})
