import { afterEach, describe, expect, test } from 'bun:test'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { BridgeError } from '../../src/core/errors.ts'
import type { ProxyConfig, UpstreamAuth } from '../../src/core/proxy-config.ts'
import { openToken, sealToken, type KeyRing } from '../../src/core/url-token/index.ts'
import { openRequestLog } from '../../src/log/index.ts'
import { describeMint, loadRevocations, openTokenRegistry, REGISTRY_FILE_NAME, revokeToken, type TokenRegistry } from '../../src/token-registry/index.ts'
import { makeRow, tempDataDir } from '../log/log-test-support.ts'

const SECRET = 'sk-canary-registry-4f1e9a0c7b'
const temps: Array<() => void> = []
const open: TokenRegistry[] = []

afterEach(() => {
  for (const registry of open.splice(0)) registry.close()
  for (const remove of temps.splice(0)) remove()
})

function dataDir(): string {
  const temp = tempDataDir()
  temps.push(temp.remove)
  return temp.dir
}

function registryIn(dir: string, usageRecorded = true): TokenRegistry {
  const registry = openTokenRegistry({ dataDir: dir, usageRecorded })
  open.push(registry)
  return registry
}

function config(tokenId: string, overrides: Partial<ProxyConfig> = {}): ProxyConfig {
  return {
    tokenId,
    label: `laptop ${tokenId}`,
    source: { protocol: 'anthropic' },
    target: { protocol: 'openai', provider: 'openai', baseUrl: 'https://api.openai.com/v1', auth: { type: 'bearer', token: SECRET } },
    model: { mode: 'map', map: { 'claude-*': 'gpt-4.1', '*': 'gpt-4.1-mini' }, stripClientSuffix: true },
    endpoints: { mode: 'auto' },
    ...overrides,
  }
}

const mint = (tokenId: string, nowMs: number, overrides: Partial<ProxyConfig> = {}) =>
  describeMint(config(tokenId, overrides), { keyId: 1, nowMs, baseUrlGiven: false })

describe('describeMint', () => {
  const auths: UpstreamAuth[] = [
    { type: 'bearer', token: SECRET },
    { type: 'x-api-key', token: SECRET },
    { type: 'azure', apiKey: SECRET, apiVersion: '2024-10-21', deployment: 'gpt4o' },
    { type: 'aws', accessKeyId: 'AKIACANARY0123', secretAccessKey: SECRET, sessionToken: `${SECRET}-session`, region: 'eu-west-1' },
  ]
  for (const auth of auths) {
    test(`keeps no credential of ${auth.type} auth, only how it authenticates`, () => {
      const minted = describeMint(config('tok_auth', { target: { protocol: 'openai', baseUrl: 'https://x.example/v1', auth } }), { keyId: 3, nowMs: 0, baseUrlGiven: true })
      const text = JSON.stringify(minted)
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain('AKIACANARY0123')
      expect(minted.settings.target.auth.type).toBe(auth.type)
    })
  }

  test('records the pair, the host, the model mode and what the form needs to mint it again', () => {
    const minted = describeMint(config('tok_1', { expiresAt: 1_000 + 86_400 }), { keyId: 2, nowMs: 1_000_000, baseUrlGiven: false })
    expect(minted).toMatchObject({
      tokenId: 'tok_1', label: 'laptop tok_1', sourceProtocol: 'anthropic', targetProtocol: 'openai', provider: 'openai',
      targetHost: 'api.openai.com', modelMode: 'map', keyId: 2, createdAt: 1_000_000, expiresAt: (1_000 + 86_400) * 1000,
    })
    expect(minted.settings).toEqual({
      version: 2,
      source: { protocol: 'anthropic' },
      target: { protocol: 'openai', provider: 'openai', auth: { type: 'bearer' } },
      model: { mode: 'map', map: { 'claude-*': 'gpt-4.1', '*': 'gpt-4.1-mini' }, stripClientSuffix: true },
      endpoints: { mode: 'auto' },
      label: 'laptop tok_1',
      expiresInSeconds: 86_400,
    })
  })

  test('a base URL the body gave (or a custom endpoint) is kept; a preset default is not pinned', () => {
    expect(describeMint(config('a'), { keyId: 1, nowMs: 0, baseUrlGiven: true }).settings.target.baseUrl).toBe('https://api.openai.com/v1')
    const custom = config('b', { target: { protocol: 'openai', baseUrl: 'http://10.0.0.5:8000/v1', auth: { type: 'none' } } })
    expect(describeMint(custom, { keyId: 1, nowMs: 0, baseUrlGiven: false }).settings.target.baseUrl).toBe('http://10.0.0.5:8000/v1')
    expect(describeMint(custom, { keyId: 1, nowMs: 0, baseUrlGiven: false }).targetHost).toBe('10.0.0.5:8000')
  })
})

describe('token registry', () => {
  test('lists newest first, in an owner-only file of its own', () => {
    const dir = dataDir()
    const registry = registryIn(dir)
    registry.record(mint('tok_old', 1_000))
    registry.record(mint('tok_new', 2_000))
    expect(registry.list().map((token) => token.tokenId)).toEqual(['tok_new', 'tok_old'])
    expect(statSync(join(dir, REGISTRY_FILE_NAME)).mode & 0o777).toBe(0o600)
  })

  test('last use and request count come from the request log rows of each URL', async () => {
    const dir = dataDir()
    const log = openRequestLog({ dataDir: dir, logBodies: false })
    const registry = registryIn(dir)
    registry.record(mint('tok_used', 1_000))
    registry.record(mint('tok_idle', 2_000))
    for (const startedAt of [5_000, 9_000, 7_000]) log.record(makeRow({ tokenId: 'tok_used', startedAt }))
    log.record(makeRow({ tokenId: 'tok_unlisted', startedAt: 8_000 }))
    await log.flush()
    const byId = new Map(registry.list().map((token) => [token.tokenId, token]))
    expect(byId.get('tok_used')).toMatchObject({ requestCount: 3, lastUsedAt: 9_000 })
    expect(byId.get('tok_idle')?.requestCount).toBe(0)
    expect(byId.get('tok_idle')?.lastUsedAt).toBeUndefined()
    await log.close()
  })

  test('with the request log off, URLs are still recorded but their usage is not claimed', () => {
    const registry = registryIn(dataDir(), false)
    registry.record(mint('tok_a', 1_000))
    const [token] = registry.list()
    expect(registry.usageRecorded).toBe(false)
    expect(token?.tokenId).toBe('tok_a')
    expect(token?.requestCount).toBeUndefined()
  })

  test('a missing or damaged request log file counts as no use; the list still answers', async () => {
    const dir = dataDir()
    await Bun.write(join(dir, 'llm-bridge.sqlite'), 'this is not a database '.repeat(500))
    const registry = registryIn(dir)
    registry.record(mint('tok_a', 1_000))
    expect(registry.list()[0]?.requestCount).toBe(0)
  })

  test('revoke: unknown, then revoked, then already revoked; kept across a reopen', () => {
    const dir = dataDir()
    const registry = registryIn(dir)
    registry.record(mint('tok_a', 1_000))
    registry.record(mint('tok_b', 2_000))
    expect(registry.revoke('tok_nope', 5_000)).toBe('unknown')
    expect(registry.revoke('tok_a', 5_000)).toBe('revoked')
    expect(registry.revoke('tok_a', 6_000)).toBe('already-revoked')
    registry.close()
    open.splice(0)
    const reopened = registryIn(dir)
    expect(reopened.revokedIds()).toEqual(['tok_a'])
    expect(reopened.list().find((token) => token.tokenId === 'tok_a')?.revokedAt).toBe(5_000)
  })

  test('an entry goes 30 days after its URL expired (the URL is refused by its expiry anyway)', () => {
    const dir = dataDir()
    const registry = registryIn(dir)
    registry.record(mint('tok_expiring', 1_000, { expiresAt: 100 }))
    registry.record(mint('tok_forever', 1_000))
    registry.close()
    open.splice(0)
    const day = 86_400_000
    const month = openTokenRegistry({ dataDir: dir, usageRecorded: true, nowMs: 100_000 + 29 * day })
    expect(month.list().map((token) => token.tokenId).sort()).toEqual(['tok_expiring', 'tok_forever'])
    month.close()
    const later = openTokenRegistry({ dataDir: dir, usageRecorded: true, nowMs: 100_000 + 31 * day })
    open.push(later)
    expect(later.list().map((token) => token.tokenId)).toEqual(['tok_forever'])
  })

  test('a token id can be recorded once only', () => {
    const registry = registryIn(dataDir())
    registry.record(mint('tok_a', 1_000))
    expect(() => registry.record(mint('tok_a', 2_000))).toThrow()
  })
})

describe('revocation against the running key ring', () => {
  const ring = (): KeyRing => ({ current: 1, keys: new Map([[1, new Uint8Array(32).fill(7)]]) })

  async function refused(token: string, keyRing: KeyRing): Promise<boolean> {
    try {
      await openToken(token, keyRing)
      return false
    } catch (error) {
      return error instanceof BridgeError && error.code === 'INVALID_TOKEN'
    }
  }

  test('a token opened (and cached) before its revocation is refused right after it', async () => {
    const keyRing = ring()
    const registry = registryIn(dataDir())
    const token = await sealToken(config('tok_live'), keyRing)
    registry.record(mint('tok_live', 1_000))
    expect((await openToken(token, keyRing)).tokenId).toBe('tok_live')
    expect((await openToken(token, keyRing)).tokenId).toBe('tok_live')
    expect(revokeToken(keyRing, registry, 'tok_live')).toBe('revoked')
    expect(await refused(token, keyRing)).toBe(true)
  })

  test('an unknown id changes nothing; stored revocations apply to a fresh ring at start', async () => {
    const dir = dataDir()
    const registry = registryIn(dir)
    registry.record(mint('tok_gone', 1_000))
    const first = ring()
    expect(revokeToken(first, registry, 'tok_other')).toBe('unknown')
    expect(first.revokedTokenIds?.has('tok_other') ?? false).toBe(false)
    revokeToken(first, registry, 'tok_gone')
    const restarted = ring()
    loadRevocations(restarted, registry)
    expect(await refused(await sealToken(config('tok_gone'), restarted), restarted)).toBe(true)
    expect((await openToken(await sealToken(config('tok_kept'), restarted), restarted)).tokenId).toBe('tok_kept')
  })
})
