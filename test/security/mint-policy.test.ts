/**
 * Who may mint a URL (`--mint admin|anyone`). A minted URL makes the server send traffic with a key
 * to a chosen upstream, so on a non-loopback bind minting needs the admin key by default; on a
 * loopback bind the machine's owner mints freely unless `--mint admin` says otherwise. The policy is
 * said at start and enforced in the API (a URL token is not the admin key).
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseServerConfig } from '../../src/config-parse.ts'
import { startServer } from '../../src/main.ts'
import { describeMintPolicy } from '../../src/http/mint-policy.ts'
import { startMockUpstream } from '../support/mock-upstream.ts'
import { openaiPassthroughBody, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

const upstream = startMockUpstream(() => ({ json: {} }))
const body = (): string => JSON.stringify(openaiPassthroughBody(`${upstream.url}/v1`, 'k-0123456789abcdef'))
const bridges: SecurityBridge[] = []

afterAll(async () => {
  for (const bridge of bridges) await bridge.stop()
  upstream.stop()
})

async function bridgeWith(host: string, mint?: 'admin' | 'anyone'): Promise<SecurityBridge> {
  const bridge = await startSecurityBridge({ host, allowHosts: [new URL(upstream.url).host], ...(mint === undefined ? {} : { config: { mint } }) })
  bridges.push(bridge)
  return bridge
}

async function mint(bridge: SecurityBridge, authorization?: string): Promise<{ status: number; code?: string; proxyUrl?: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (authorization !== undefined) headers.authorization = authorization
  const response = await fetch(`${bridge.url}/api/generate-url`, { method: 'POST', headers, body: body() })
  const json = (await response.json()) as { error_code?: string; proxyUrl?: string }
  return { status: response.status, ...(json.error_code === undefined ? {} : { code: json.error_code }), ...(json.proxyUrl === undefined ? {} : { proxyUrl: json.proxyUrl }) }
}

describe('minting on a non-loopback bind', () => {
  test('by default it needs the admin key: none → 401 MISSING_TOKEN, a wrong one or a URL token → 401 INVALID_TOKEN', async () => {
    const lan = await bridgeWith('0.0.0.0')
    expect(await mint(lan)).toEqual({ status: 401, code: 'MISSING_TOKEN' })
    expect(await mint(lan, 'Bearer not-the-admin-key-0123456789')).toEqual({ status: 401, code: 'INVALID_TOKEN' })
    const minted = await mint(lan, `Bearer ${lan.data.adminKey}`)
    expect(minted.status).toBe(200)
    const token = minted.proxyUrl!.slice(minted.proxyUrl!.indexOf('/proxy/') + '/proxy/'.length)
    expect(await mint(lan, `Bearer ${token}`)).toEqual({ status: 401, code: 'INVALID_TOKEN' })
  })

  test('--mint anyone lets any client of the API mint', async () => {
    expect((await mint(await bridgeWith('0.0.0.0', 'anyone'))).status).toBe(200)
  })
})

describe('minting on a loopback bind', () => {
  test('by default anyone on the machine mints', async () => {
    expect((await mint(await bridgeWith('127.0.0.1'))).status).toBe(200)
  })

  test('--mint admin asks for the admin key there too', async () => {
    const bridge = await bridgeWith('127.0.0.1', 'admin')
    expect(await mint(bridge)).toEqual({ status: 401, code: 'MISSING_TOKEN' })
    expect((await mint(bridge, `Bearer ${bridge.data.adminKey}`)).status).toBe(200)
  })
})

describe('the flag', () => {
  test('takes admin or anyone, from the flag or LLM_BRIDGE_MINT; anything else is refused', () => {
    const config = (argv: string[], env: Record<string, string> = {}) => {
      const parsed = parseServerConfig(argv, env)
      if (parsed.kind !== 'run') throw new Error('not a run')
      return parsed.config.mint
    }
    expect(config([])).toBe('auto')
    expect(config(['--mint', 'admin'])).toBe('admin')
    expect(config([], { LLM_BRIDGE_MINT: 'anyone' })).toBe('anyone')
    expect(() => parseServerConfig(['--mint', 'everyone'], {})).toThrow('--mint must be admin or anyone')
  })

  test('the policy in effect is said at start', async () => {
    // The real start, on loopback; the LAN wording through the same function (no LAN socket in tests).
    const dir = await mkdtemp(join(tmpdir(), 'llm-bridge-mint-'))
    const parsed = parseServerConfig(['--port', '0', '--data-dir', join(dir, 'data')], {})
    if (parsed.kind !== 'run') throw new Error('not a run')
    const lines: string[] = []
    const server = await startServer(parsed.config, {}, (line) => lines.push(line))
    await server.stop()
    await rm(dir, { recursive: true, force: true })
    expect(lines).toContain(describeMintPolicy(parsed.config))
    expect(describeMintPolicy(parsed.config)).toContain('anyone who reaches the API can mint URLs')
    const lan = (mint: 'auto' | 'admin' | 'anyone') => describeMintPolicy({ ...parsed.config, host: '0.0.0.0', mint })
    expect(lan('auto')).toContain('minting URLs needs the admin key (--mint admin')
    expect(lan('anyone')).toContain('anyone who reaches the API can mint URLs (--mint anyone)')
  })
})
