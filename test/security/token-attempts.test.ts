/**
 * Under /proxy/, a first path segment that is not the start of a route is a token attempt, however
 * it is spelled: an unknown version prefix (`lb2_` + a real token's ciphertext), a token without
 * its prefix, an empty segment, any word. Each gets the one 401 INVALID_TOKEN answer every other
 * bad token gets (same status, headers and body once the request id is set aside), and its log row
 * stores the path without that segment. 400 MISSING_TOKEN stays for requests where no token can be
 * present at all: a route path with no credential, or /proxy itself.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { mintProxyUrl, openaiPassthroughBody, randomHex, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

let bridge: SecurityBridge
let upstream: MockUpstream
let token: string

beforeAll(async () => {
  upstream = startMockUpstream(() => ({ json: { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [] } }))
  bridge = await startSecurityBridge({ allowHosts: [`127.0.0.1:${upstream.port}`] })
  token = (await mintProxyUrl(bridge.url, openaiPassthroughBody(`${upstream.url}/v1`, `k${randomHex(12)}`))).token
})

afterAll(async () => {
  await bridge.stop()
  upstream.stop()
})

function post(path: string): Promise<Response> {
  return fetch(`${bridge.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m","messages":[]}' })
}

async function fingerprint(response: Response): Promise<string> {
  const requestId = response.headers.get('x-request-id') ?? ''
  const body = (await response.text()).split(requestId).join('<request id>')
  const headers = [...response.headers].filter(([name]) => name !== 'x-request-id' && name !== 'date').map(([name, value]) => `${name}: ${value}`).sort()
  return `${response.status}\n${headers.join('\n')}\n\n${body}`
}

async function logRow(requestId: string): Promise<{ path?: string; errorCode?: string }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = (await (await fetch(`${bridge.url}/api/logs?limit=200`)).json()) as { rows?: Array<{ requestId: string; path?: string; errorCode?: string }> }
    const row = answer.rows?.find((candidate) => candidate.requestId === requestId)
    if (row !== undefined) return row
    await Bun.sleep(20)
  }
  throw new Error(`no log row for ${requestId}`)
}

describe('every token attempt in the path gets the one INVALID_TOKEN answer', () => {
  test('unknown prefix, missing prefix, empty segment, any word: 401 identical to a tampered token, path logged without the segment', async () => {
    const ciphertext = token.slice('lb1_'.length)
    const tampered = await fingerprint(await post(`/proxy/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}/v1/chat/completions`))
    expect(tampered.startsWith('401\n')).toBe(true)
    for (const segment of [`lb2_${ciphertext}`, ciphertext, '', 'garbage', 'lb1']) {
      const response = await post(`/proxy/${segment}/v1/chat/completions`)
      const requestId = response.headers.get('x-request-id') ?? ''
      expect({ segment, answer: await fingerprint(response) }).toEqual({ segment, answer: tampered })
      const row = await logRow(requestId)
      expect(row.errorCode).toBe('INVALID_TOKEN')
      expect(row.path).toBe('/v1/chat/completions')
    }
    expect(upstream.requests.length).toBe(0)
  })

  test('no log row holds any part of the ciphertext sent under a wrong prefix', async () => {
    const ciphertext = token.slice('lb1_'.length)
    const response = await post(`/proxy/lb2_${ciphertext}/v1/chat/completions`)
    const row = await logRow(response.headers.get('x-request-id') ?? '')
    expect(JSON.stringify(row)).not.toContain(ciphertext.slice(0, 16))
  })
})

describe('MISSING_TOKEN only where no token can be present', () => {
  for (const path of ['/proxy/v1/chat/completions', '/proxy/chat/completions', '/proxy/v1/messages', '/proxy', '/proxy/']) {
    test(`${path} without a credential → 400 MISSING_TOKEN`, async () => {
      const response = await post(path)
      expect(response.status).toBe(400)
      expect(((await response.json()) as { error_code: string }).error_code).toBe('MISSING_TOKEN')
    })
  }

  test('a token in a header still serves a route path', async () => {
    const response = await fetch(`${bridge.url}/proxy/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"model":"m","messages":[]}' })
    expect(response.status).toBe(200)
  })
})
