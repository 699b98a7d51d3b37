/**
 * The egress policy holds at USE, through the real server, not only when a URL is minted:
 * redirects are upstream errors (the redirect target never hears from the bridge), a restart
 * without --allow-host shuts out URLs minted while the host was allowed, the bridge's own port is
 * refused whatever the allowlist says, metadata addresses are refused at mint (every spelling)
 * and at use, with messages that name no secret, and a named upstream is connected to at the
 * address the check resolved.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateUrl } from '../../src/http/generate-url-api.ts'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import {
  anthropicToOpenaiBody,
  mintProxyUrl,
  mintRaw,
  openaiPassthroughBody,
  randomHex,
  startSecurityBridge,
  type SecurityBridge,
} from './support/security-bridge.ts'

const KEY = `egress${randomHex(12)}`
const CHAT = { model: 'gpt-test', messages: [{ role: 'user', content: 'ping' }] }
const OK = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }] }

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function bridgeWith(options: Parameters<typeof startSecurityBridge>[0]): Promise<SecurityBridge> {
  const bridge = await startSecurityBridge(options)
  cleanups.push(() => bridge.stop())
  return bridge
}

function mock(script: Parameters<typeof startMockUpstream>[0]): MockUpstream {
  const upstream = startMockUpstream(script)
  cleanups.push(() => upstream.stop())
  return upstream
}

async function postChat(proxyUrl: string, flavour: 'passthrough' | 'translated'): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const anthropic = flavour === 'translated'
  const response = await fetch(`${proxyUrl}/v1/${anthropic ? 'messages' : 'chat/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(anthropic ? { 'anthropic-version': '2023-06-01' } : {}) },
    body: JSON.stringify(anthropic ? { ...CHAT, max_tokens: 8 } : CHAT),
  })
  const text = await response.text()
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> }
}

describe('redirects at use', () => {
  for (const status of [301, 302, 307, 308]) {
    test(`a ${status} from the upstream to an allowed loopback URL is not followed: upstream error, the target hears nothing`, async () => {
      const trap = mock(() => ({ json: OK }))
      const upstream = mock(() => ({ status, headers: { location: `${trap.url}/v1/chat/completions?stolen=1` } }))
      // Both allowed: only the no-redirect rule stands between the bridge and the trap.
      const bridge = await bridgeWith({ allowHosts: [`127.0.0.1:${upstream.port}`, `127.0.0.1:${trap.port}`] })
      for (const flavour of ['passthrough', 'translated'] as const) {
        const body = flavour === 'passthrough' ? openaiPassthroughBody(`${upstream.url}/v1`, KEY) : anthropicToOpenaiBody(`${upstream.url}/v1`, KEY)
        const { proxyUrl } = await mintProxyUrl(bridge.url, body)
        const answer = await postChat(proxyUrl, flavour)
        expect(answer.status).toBe(502)
        expect(answer.json.error_code).toBe('UPSTREAM_ERROR')
        expect(answer.json.upstream_status).toBe(status)
        expect(answer.text).not.toContain(trap.url)
        expect(answer.text).not.toContain(KEY)
      }
      expect(upstream.requests).toHaveLength(2)
      expect(trap.requests).toHaveLength(0)
      expect(bridge.upstreamCalls.every((url) => url.startsWith(upstream.url))).toBe(true)
    })
  }
})

describe('the policy is checked on every use', () => {
  test('a URL minted while the host was allowed is refused after a restart without --allow-host', async () => {
    const upstream = mock(() => ({ json: OK }))
    const dir = await mkdtemp(join(tmpdir(), 'llm-bridge-egress-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const dataDir = join(dir, 'data')
    const before = await startSecurityBridge({ dataDir, allowHosts: [`127.0.0.1:${upstream.port}`] })
    const { token } = await mintProxyUrl(before.url, openaiPassthroughBody(`${upstream.url}/v1`, KEY))
    expect((await postChat(`${before.url}/proxy/${token}`, 'passthrough')).status).toBe(200)
    await before.stop()
    expect(upstream.requests).toHaveLength(1)

    const after = await bridgeWith({ dataDir })
    const answer = await postChat(`${after.url}/proxy/${token}`, 'passthrough')
    expect(answer.status).toBe(403)
    expect(answer.json.error_code).toBe('EGRESS_DENIED')
    // The fix is named, the key is not.
    expect(answer.text).toContain(`--allow-host 127.0.0.1:${upstream.port}`)
    expect(answer.text).not.toContain(KEY)
    expect(upstream.requests).toHaveLength(1)
    expect(after.upstreamCalls).toEqual([])
  })

  test('taking an entry out of the running allowlist takes effect on the next request', async () => {
    const upstream = mock(() => ({ json: OK }))
    const bridge = await bridgeWith({ allowHosts: [`127.0.0.1:${upstream.port}`] })
    const { proxyUrl } = await mintProxyUrl(bridge.url, openaiPassthroughBody(`${upstream.url}/v1`, KEY))
    expect((await postChat(proxyUrl, 'passthrough')).status).toBe(200)
    bridge.config.allowHosts.splice(0)
    expect((await postChat(proxyUrl, 'passthrough')).status).toBe(403)
    expect(upstream.requests).toHaveLength(1)
  })

  test("the bridge's own port is refused at use even when all of loopback is allowed", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-bridge-egress-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const dataDir = join(dir, 'data')
    // `victim` listens on the port a URL minted elsewhere points to; both share one key ring.
    const victim = await bridgeWith({ dataDir, allowHosts: ['127.0.0.1', '127.0.0.0/8'] })
    const minter = await bridgeWith({ dataDir, allowHosts: [`127.0.0.1:${victim.port}`] })
    const { token } = await mintProxyUrl(minter.url, openaiPassthroughBody(`http://127.0.0.1:${victim.port}/v1`, KEY))
    const answer = await postChat(`${victim.url}/proxy/${token}`, 'passthrough')
    expect(answer.status).toBe(403)
    expect(answer.json.error_code).toBe('EGRESS_DENIED')
    expect(answer.text).toContain('llm-bridge itself')
    expect(victim.upstreamCalls).toEqual([])
    // And at mint on the victim itself.
    const minted = await mintRaw(victim.url, openaiPassthroughBody(`http://localhost:${victim.port}/v1`, KEY))
    expect(minted.status).toBe(400)
    expect(minted.text).toContain('EGRESS_DENIED')
  })
})

describe('the connection goes to the checked address', () => {
  test('a named upstream is called at the address the check resolved, with its name as Host, and its stream arrives whole', async () => {
    const chunks = ['data: {"choices":[{"index":0,"delta":{"content":"po"}}]}\n\n', 'data: {"choices":[{"index":0,"delta":{"content":"ng"}}]}\n\n', 'data: [DONE]\n\n']
    const upstream = mock(() => ({ chunks }))
    const bridge = await bridgeWith({ allowHosts: [`localhost:${upstream.port}`] })
    const { proxyUrl } = await mintProxyUrl(bridge.url, openaiPassthroughBody(`http://localhost:${upstream.port}/v1`, KEY))
    const response = await fetch(`${proxyUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...CHAT, stream: true }) })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe(chunks.join(''))
    // localhost is checked as 127.0.0.1 and ::1; the mock listens on the first. fetch never resolved the name.
    expect(bridge.upstreamCalls).toEqual([`http://127.0.0.1:${upstream.port}/v1/chat/completions`])
    expect(upstream.requests[0]?.headers.get('host')).toBe(`localhost:${upstream.port}`)
  })
})

describe('metadata addresses', () => {
  const SPELLINGS = [
    'http://169.254.169.254/latest/meta-data',
    'http://169.254.169.254./',
    'http://0xa9fea9fe/',
    'http://2852039166/',
    'http://0251.0376.0251.0376/',
    'http://169.254.43518/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::]/',
    'http://[fd00:ec2::254]/',
    'http://100.100.100.200/',
    'http://[fe80::1]/',
    `http://user:${KEY}x@169.254.169.254/`,
  ]

  test('every spelling is refused at mint, even with its ranges on the allowlist, naming no secret', async () => {
    const bridge = await bridgeWith({ allowHosts: ['169.254.0.0/16', '100.64.0.0/10', 'fd00::/8', 'fe80::/10', '0.0.0.0/0'] })
    for (const baseUrl of SPELLINGS) {
      const answer = await mintRaw(bridge.url, openaiPassthroughBody(baseUrl, KEY))
      expect({ baseUrl, status: answer.status }).toEqual({ baseUrl, status: 400 })
      // A URL with userinfo is already refused by the schema; every other spelling by the policy.
      const expected = baseUrl.includes('@') ? 'INVALID_JSON' : 'EGRESS_DENIED'
      expect({ baseUrl, code: (answer.json as { error_code: string }).error_code }).toEqual({ baseUrl, code: expected })
      expect(answer.text).not.toContain(KEY)
      expect(answer.text).not.toContain('lb1_')
    }
    expect(bridge.upstreamCalls).toEqual([])
  })

  test('a token that names a metadata address (minted under a weaker policy) is refused at use and nothing is fetched', async () => {
    const bridge = await bridgeWith({ allowHosts: ['169.254.0.0/16'] })
    const minted = await generateUrl(openaiPassthroughBody('http://169.254.169.254/v1', KEY), {
      config: bridge.config,
      keyRing: bridge.data.keyRing,
      checkEgress: async () => ({ addresses: [] }),
    })
    const token = minted.proxyUrl.slice(minted.proxyUrl.indexOf('/proxy/') + '/proxy/'.length)
    const answer = await postChat(`${bridge.url}/proxy/${token}`, 'passthrough')
    expect(answer.status).toBe(403)
    expect(answer.json.error_code).toBe('EGRESS_DENIED')
    expect(answer.text).toContain('can never be allowed')
    expect(answer.text).not.toContain(KEY)
    expect(bridge.upstreamCalls).toEqual([])
  })
})
