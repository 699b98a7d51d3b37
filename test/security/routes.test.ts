/**
 * Every route that can forward upstream passes the same token + egress guard (the Portkey #1718
 * lesson). The Elysia app is internal to createServer, so the routes are enumerated from the
 * sources (every Elysia route registration under src/) and checked against a maintained list;
 * then each route, with every method and a valid token in every place a token can travel, is
 * proven never to reach a mock upstream — only /proxy/* does, and every form of it that does is
 * stopped by the egress policy and by a bad token. A structural check pins the only outbound
 * callers: a new one must be added here on purpose.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { mintProxyUrl, openaiPassthroughBody, randomHex, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

const SRC = join(import.meta.dir, '..', '..', 'src')
const KEY = `routes${randomHex(12)}`
const OK = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }] }

/** The app's routes besides /proxy/*. Adding a route means adding it here, after thinking about this test. */
const KNOWN_ROUTES = [
  'DELETE /api/tokens/:id',
  'GET /',
  'GET /api/catalog',
  'GET /api/logs',
  'GET /api/logs/:id',
  'GET /api/logs/stream',
  'GET /api/openapi.json',
  'GET /api/plan',
  'GET /api/reference',
  'GET /api/stats',
  'GET /api/tokens',
  'GET /assets/app.js',
  'GET /assets/styles.css',
  'GET /healthz',
  'GET /index.html',
  'GET /metrics',
  'POST /api/generate-url',
]

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : Promise.resolve(entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []))))
  return nested.flat()
}

/** Route registrations (`.get('/path'`, `.post(…)`, …) in files that build an Elysia app (directly or through apiModule). */
async function registeredRoutes(): Promise<string[]> {
  const routes: string[] = []
  for (const file of await sourceFiles(SRC)) {
    const text = await readFile(file, 'utf8')
    if (!/new Elysia\b|\bapiModule\(/.test(text)) continue
    for (const match of text.matchAll(/\.(get|post|put|patch|delete|all|head|options|route|ws)\(\s*['"`](\/[^'"`]*)['"`]/g)) {
      routes.push(`${(match[1] as string).toUpperCase()} ${match[2]}`)
    }
  }
  return [...new Set(routes)].sort()
}

let bridge: SecurityBridge
let upstream: MockUpstream
let token: string

beforeAll(async () => {
  upstream = startMockUpstream(() => ({ json: OK }))
  bridge = await startSecurityBridge({ allowHosts: [`127.0.0.1:${upstream.port}`] })
  token = (await mintProxyUrl(bridge.url, openaiPassthroughBody(`${upstream.url}/v1`, KEY))).token
})

afterAll(async () => {
  await bridge.stop()
  upstream.stop()
})

const CHAT = JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'ping' }] })

/** A request carrying the valid token in every credential slot the proxy reads. */
async function sendWithToken(method: string, path: string, candidate = token): Promise<Response> {
  const separator = path.includes('?') ? '&' : '?'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  const controller = new AbortController()
  const response = await fetch(`${bridge.url}${path}${separator}key=${candidate}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${candidate}`, 'x-api-key': candidate, 'x-goog-api-key': candidate, 'api-key': candidate },
    ...(hasBody ? { body: CHAT } : {}),
    signal: controller.signal,
  })
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) controller.abort()
  else await response.arrayBuffer()
  return response
}

describe('route enumeration', () => {
  test('the Elysia routes in src/ are exactly the maintained list', async () => {
    expect(await registeredRoutes()).toEqual([...KNOWN_ROUTES].sort())
  })

  test('only src/upstream/fetch-attempt.ts fetches, only passthrough, chat translation and the JSON calls beside chat (token counts, model lists, embeddings: ask-upstream-json.ts) call upstream, each with the shared options (egress included)', async () => {
    const fetchers: string[] = []
    const callers: string[] = []
    for (const file of await sourceFiles(SRC)) {
      const code = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      const name = relative(SRC, file)
      if (/(^|[^\w.])fetch\(|\.fetch\(\s*url/.test(code) || /\bBun\.connect\(|\bnet\.connect\(|\bnode:http\b/.test(code)) fetchers.push(name)
      if (/\bcallUpstream\(/.test(code) && !code.includes('export async function callUpstream')) {
        callers.push(name)
        expect({ name, sharedOptions: /callUpstream\(\{[\s\S]*?\.\.\.upstreamCallOptions\(/.test(code) }).toEqual({ name, sharedOptions: true })
      }
    }
    // timeouts.ts: the connect probe opens a TCP socket to the already checked upstream host.
    expect(fetchers.sort()).toEqual(['upstream/fetch-attempt.ts', 'upstream/timeouts.ts'])
    expect(callers.sort()).toEqual(['proxy/ask-upstream-json.ts', 'proxy/passthrough.ts', 'proxy/translate-chat.ts'])
    const options = await readFile(join(SRC, 'proxy', 'upstream-call-options.ts'), 'utf8')
    expect(options).toMatch(/checkEgress: context\.checkEgress/)
    const call = await readFile(join(SRC, 'upstream', 'call-upstream.ts'), 'utf8')
    // The attempt connects to the addresses this check approved (pin-address.ts), never to a fresh lookup.
    expect(call).toMatch(/const verdict = options\.checkEgress \? await options\.checkEgress\(url\) : undefined\s*\n\s*const outcome = await fetchAttempt\(\{\s*\n\s*addresses: verdict\?\.addresses,/)
  })
})

describe('no route but /proxy/* reaches the upstream', () => {
  test('every known route, with every method and a valid token everywhere, never reaches the mock', async () => {
    const before = upstream.requests.length
    for (const route of KNOWN_ROUTES) {
      const path = route.split(' ')[1]?.replace(':id', 'req_x') as string
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        const response = await sendWithToken(method, path)
        expect({ route, method, status: response.status < 600 }).toEqual({ route, method, status: true })
      }
    }
    expect(upstream.requests.length).toBe(before)
    expect(bridge.upstreamCalls).toEqual([])
  })

  test('look-alike paths never reach the mock; forms that normalise to /proxy/ do, through the guard', async () => {
    const lookAlikes = [
      `/proxyx/${token}/v1/chat/completions`,
      `/api/proxy/${token}/v1/chat/completions`,
      `/${token}/v1/chat/completions`,
      '/v1/chat/completions',
      '/chat/completions',
      `/PROXY/${token}/v1/chat/completions`,
      `/%70roxy/${token}/v1/chat/completions`,
      `/proxy%2F${token}/v1/chat/completions`,
      `/api/generate-url/../../proxyx/${token}/v1/chat/completions`,
    ]
    for (const path of lookAlikes) await sendWithToken('POST', path)
    expect(upstream.requests).toHaveLength(0)

    const forwarding = [
      `/proxy/${token}/v1/chat/completions`,
      '/proxy/v1/chat/completions',
      `/api/../proxy/${token}/v1/chat/completions`,
      `//proxy/${token}/v1/chat/completions`,
    ]
    const reached: string[] = []
    for (const path of forwarding) {
      const seen = upstream.requests.length
      await sendWithToken('POST', path)
      if (upstream.requests.length > seen) reached.push(path)
    }
    expect(reached).toContain(`/proxy/${token}/v1/chat/completions`)
    // Whatever reached the upstream carried the sealed key, never the client's token.
    for (const request of upstream.requests) expect(request.headers.get('authorization')).toBe(`Bearer ${KEY}`)

    // The same forms with a bad token, and with the host taken off the allowlist: nothing more arrives.
    const count = upstream.requests.length
    const bad = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`
    for (const path of reached) expect((await sendWithToken('POST', path.replace(token, bad), bad)).status).toBe(401)
    const allowed = bridge.config.allowHosts.splice(0)
    try {
      for (const path of reached) expect((await sendWithToken('POST', path)).status).toBe(403)
    } finally {
      bridge.config.allowHosts.push(...allowed)
    }
    expect(upstream.requests.length).toBe(count)
  })
})
