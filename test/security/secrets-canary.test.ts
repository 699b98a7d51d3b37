/**
 * Secrets never leave (SECURITY.md): canary upstream keys and the URL tokens carrying them are
 * driven through every way a request can end — success (plain, streamed, token as API key),
 * upstream 400, an upstream 401 and 500 that echo the key in their body, a header echo, a
 * first-byte timeout, a DNS failure, a drop mid-stream, and an SSE error event echoing the key —
 * on both a passthrough URL (OpenAI → OpenAI) and a translated one (Anthropic → OpenAI), against
 * the bridge as an operator runs it (`bun src/main.ts`, first start, then a restart with
 * --log-bodies). Then the canaries, the tokens, the server secret and the admin key are searched
 * for in: every table and cell of the SQLite log and the raw bytes of every log file, the
 * process's stdout and stderr, every client response (status line apart, headers and body), every
 * /api answer (logs, each row, stats, catalog), /metrics, /healthz and the live tail.
 * The echo scenarios are checked on the client side too: the bridge redacts what the upstream
 * echoes (upstream-echoes.test.ts shows each case in detail).
 */
import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sse, startFaultUpstream, type FaultReply, type FaultRequest, type FaultUpstream } from '../support/fault-upstream.ts'
import { spawnBridge, type BridgeProcess } from './support/bridge-process.ts'
import { openLogTail } from './support/log-tail.ts'
import {
  anthropicToOpenaiBody,
  byteForms,
  findLeaks,
  headerText,
  mintProxyUrl,
  openaiPassthroughBody,
  randomHex,
  type Haystack,
  type Needle,
} from './support/security-bridge.ts'

/** The shape-less canary is only caught by exact-value redaction; the sk- one also by pattern. */
const SHAPELESS_CORE = randomHex(16)
const SHAPELESS_KEY = `canary${SHAPELESS_CORE}`
const SK_CORE = randomHex(16)
const SK_KEY = `sk-canary-${SK_CORE}`

type Flavour = 'passthrough' | 'translated'
type Scenario = 'ok' | 'ok-stream' | 'ok-token-as-key' | 'bad-request' | 'echo-401' | 'echo-500' | 'echo-header' | 'timeout' | 'drop' | 'echo-sse' | 'dns'

let workDir: string
let upstream: FaultUpstream
let first: BridgeProcess | undefined
let second: BridgeProcess | undefined
const clientAnswers: Haystack[] = []
let tailText = ''
let apiAnswers: Haystack[] = []
let firstStdout = ''
let firstStderr = ''
let secondStdout = ''
let secondStderr = ''
let tokens: string[] = []
let requestCount = 0
/** The last status seen per flavour:scenario. */
const statuses = new Map<string, number>()

function upstreamReply(request: FaultRequest): FaultReply {
  const echo = request.headers.authorization ?? ''
  let body: { model?: string; stream?: boolean } = {}
  try {
    body = JSON.parse(request.body) as typeof body
  } catch {
    // Not JSON: answer as for an unknown model.
  }
  const json = (status: number, value: unknown, headers: Record<string, string> = {}): FaultReply => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) })
  const chunk = (content: string) => sse({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })
  switch (body.model) {
    case 'bad-request':
      return json(400, { error: { message: 'max_tokens is too large', type: 'invalid_request_error' } })
    case 'echo-401':
      return json(401, { error: { message: `Incorrect API key provided: ${echo}`, type: 'invalid_request_error', code: 'invalid_api_key' } })
    case 'echo-500':
      return json(500, { error: { message: `internal failure while using ${echo}`, type: 'server_error' } })
    case 'timeout':
      return { delayBeforeHeadersMs: 5_000, status: 200, body: '{}' }
    case 'drop':
      return { status: 200, events: [chunk('partial ')], dropAfterEvents: 1 }
    case 'echo-sse':
      return { status: 200, events: [chunk('hi'), sse({ error: { message: `Incorrect API key provided: ${echo}`, type: 'invalid_request_error' } })] }
    default: {
      const headers: Record<string, string> = body.model === 'echo-header' ? { 'x-upstream-echo': echo } : {}
      if (body.stream) return { status: 200, headers, events: [chunk('po'), chunk('ng'), 'data: [DONE]\n\n'] }
      return json(200, {
        id: 'c1', object: 'chat.completion', created: 1, model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
      }, headers)
    }
  }
}

function clientRequest(flavour: Flavour, proxyUrl: string, scenario: Scenario): { url: string; init: RequestInit } {
  const stream = ['ok-stream', 'drop', 'echo-sse'].includes(scenario)
  const model = scenario.startsWith('ok') || scenario === 'dns' ? 'gpt-test' : scenario
  const token = proxyUrl.slice(proxyUrl.indexOf('/proxy/') + '/proxy/'.length)
  const origin = proxyUrl.slice(0, proxyUrl.indexOf('/proxy/'))
  const base = scenario === 'ok-token-as-key' ? `${origin}/proxy` : proxyUrl
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'security-canary/1.0' }
  if (scenario === 'ok-token-as-key') headers[flavour === 'passthrough' ? 'authorization' : 'x-api-key'] = flavour === 'passthrough' ? `Bearer ${token}` : token
  if (flavour === 'passthrough') {
    return { url: `${base}/v1/chat/completions`, init: { method: 'POST', headers, body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'ping' }] }) } }
  }
  headers['anthropic-version'] = '2023-06-01'
  return { url: `${base}/v1/messages`, init: { method: 'POST', headers, body: JSON.stringify({ model, stream, max_tokens: 16, messages: [{ role: 'user', content: 'ping' }] }) } }
}

async function drive(flavour: Flavour, proxyUrl: string, scenario: Scenario): Promise<number> {
  const { url, init } = clientRequest(flavour, proxyUrl, scenario)
  const response = await fetch(url, init)
  let body = ''
  try {
    body = await response.text()
  } catch {
    body = '[body broke off]'
  }
  requestCount++
  statuses.set(`${flavour}:${scenario}`, response.status)
  clientAnswers.push({ where: `client answer ${flavour}:${scenario}`, text: `${headerText(response.headers)}\n\n${body}` })
  return response.status
}

async function getText(url: string): Promise<string> {
  const response = await fetch(url)
  return `${response.status}\n${headerText(response.headers)}\n\n${await response.text()}`
}

async function collectApiAnswers(bridgeUrl: string, expectedRows: number): Promise<Haystack[]> {
  let page = { rows: [] as { requestId: string }[] }
  for (let tries = 0; tries < 200; tries++) {
    page = (await (await fetch(`${bridgeUrl}/api/logs?limit=200`)).json()) as typeof page
    if (page.rows.length >= expectedRows) break
    await Bun.sleep(25)
  }
  expect(page.rows.length).toBeGreaterThanOrEqual(expectedRows)
  const answers: Haystack[] = [{ where: '/api/logs', text: await getText(`${bridgeUrl}/api/logs?limit=200`) }]
  for (const row of page.rows) answers.push({ where: `/api/logs/${row.requestId}`, text: await getText(`${bridgeUrl}/api/logs/${encodeURIComponent(row.requestId)}`) })
  for (const path of ['/api/stats', '/api/stats?bucket=minute', '/api/catalog', '/metrics', '/healthz', '/api/logs?q=canary']) {
    answers.push({ where: path, text: await getText(`${bridgeUrl}${path}`) })
  }
  return answers
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'llm-bridge-canary-'))
  upstream = startFaultUpstream((request) => upstreamReply(request))
  const dataDir = join(workDir, 'data')
  const common = [
    '--port', '0', '--data-dir', dataDir, '--allow-host', `127.0.0.1:${upstream.port}`,
    '--retry-max-attempts', '2', '--retry-max-delay-ms', '20', '--first-byte-timeout-ms', '400',
    '--connect-timeout-ms', '2000', '--idle-timeout-ms', '2000',
  ]
  const baseUrl = `${upstream.url}/v1`
  const unresolvable = `http://llm-bridge-canary-${randomHex(4)}.invalid:9/v1`

  // First start: bodies off. A success and the echoing 401 on both URL kinds.
  first = await spawnBridge(common)
  const firstUrls = {
    passthrough: await mintProxyUrl(first.url, openaiPassthroughBody(baseUrl, SK_KEY)),
    translated: await mintProxyUrl(first.url, anthropicToOpenaiBody(baseUrl, SHAPELESS_KEY)),
  }
  for (const flavour of ['passthrough', 'translated'] as const) {
    for (const scenario of ['ok', 'echo-401'] as const) await drive(flavour, firstUrls[flavour].proxyUrl, scenario)
  }
  await collectApiAnswers(first.url, requestCount)
  await first.stop()
  firstStdout = first.stdout()
  firstStderr = first.stderr()

  // Restart on the same data directory with --log-bodies: every scenario, the first URLs still valid.
  second = await spawnBridge([...common, '--log-bodies'])
  const tail = await openLogTail(second.url)
  const urls = {
    // Same tokens, served by the restarted process (its port differs).
    passthrough: { ...firstUrls.passthrough, proxyUrl: `${second.url}/proxy/${firstUrls.passthrough.token}` },
    translated: { ...firstUrls.translated, proxyUrl: `${second.url}/proxy/${firstUrls.translated.token}` },
    dnsPassthrough: await mintProxyUrl(second.url, openaiPassthroughBody(unresolvable, SHAPELESS_KEY)),
    dnsTranslated: await mintProxyUrl(second.url, anthropicToOpenaiBody(unresolvable, SK_KEY)),
  }
  tokens = Object.values(urls).map((minted) => minted.token)
  const scenarios: Scenario[] = ['ok', 'ok-stream', 'ok-token-as-key', 'bad-request', 'echo-401', 'echo-500', 'echo-header', 'timeout', 'drop', 'echo-sse']
  for (const flavour of ['passthrough', 'translated'] as const) {
    for (const scenario of scenarios) await drive(flavour, urls[flavour].proxyUrl, scenario)
  }
  expect(await drive('passthrough', urls.dnsPassthrough.proxyUrl, 'dns')).toBe(502)
  expect(await drive('translated', urls.dnsTranslated.proxyUrl, 'dns')).toBe(502)
  apiAnswers = await collectApiAnswers(second.url, requestCount)
  // The tail publishes rows as they are written; the last ones were just read back from the API.
  await Bun.sleep(50)
  await tail.stop()
  tailText = tail.text()
  await second.stop()
  secondStdout = second.stdout()
  secondStderr = second.stderr()
}, 60_000)

afterAll(async () => {
  await first?.stop(500)
  await second?.stop(500)
  upstream?.stop()
  await rm(workDir, { recursive: true, force: true })
})

async function secretNeedles(): Promise<{ upstream: Needle[]; tokens: Needle[]; serverSecret: Needle[]; adminKey: Needle }> {
  const dataDir = join(workDir, 'data')
  const adminKey = (await readFile(join(dataDir, 'admin.key'), 'utf8')).trim()
  return {
    upstream: [
      { name: 'the sk- canary key', value: SK_KEY },
      { name: 'the sk- canary core', value: SK_CORE },
      { name: 'the shape-less canary key', value: SHAPELESS_KEY },
      { name: 'the shape-less canary core', value: SHAPELESS_CORE },
    ],
    tokens: tokens.flatMap((token, i) => [
      { name: `URL token ${i}`, value: token },
      // A slice from the middle: a truncated or re-wrapped token is still a leak.
      { name: `URL token ${i} (middle)`, value: token.slice(20, 52) },
    ]),
    serverSecret: byteForms('server secret', new Uint8Array(await readFile(join(dataDir, 'secret.key')))),
    adminKey: { name: 'admin key', value: adminKey },
  }
}

/** Every cell of every table, as text (blobs also as hex). */
function sqliteCells(path: string): Haystack[] {
  const db = new Database(path, { readonly: true })
  try {
    const tables = db.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'").all()
    expect(tables.map((table) => table.name)).toContain('request_log')
    return tables.map(({ name }) => {
      const rows = db.query<Record<string, unknown>, []>(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all()
      const cells = rows.flatMap((row) => Object.values(row).map((cell) => (cell instanceof Uint8Array ? `${new TextDecoder().decode(cell)} ${Buffer.from(cell).toString('hex')}` : String(cell))))
      return { where: `SQLite table ${name} (${rows.length} rows)`, text: cells.join('\n') }
    })
  } finally {
    db.close()
  }
}

describe('secrets canary through the bridge process', () => {
  test('the canaries were really in play: the upstream received each key, every scenario ran', () => {
    const authorizations = new Set(upstream.requests.map((request) => request.headers.authorization))
    expect(authorizations).toEqual(new Set([`Bearer ${SK_KEY}`, `Bearer ${SHAPELESS_KEY}`]))
    expect(clientAnswers.length).toBe(requestCount)
    expect(requestCount).toBe(4 + 2 * 10 + 2)
    // Each way of ending really happened.
    for (const flavour of ['passthrough', 'translated']) {
      expect(statuses.get(`${flavour}:ok`)).toBe(200)
      expect(statuses.get(`${flavour}:ok-token-as-key`)).toBe(200)
      expect(statuses.get(`${flavour}:echo-401`)).toBe(401)
      expect(statuses.get(`${flavour}:timeout`)).toBe(504)
      expect(statuses.get(`${flavour}:dns`)).toBe(502)
      expect(statuses.get(`${flavour}:echo-500`)).toBeGreaterThanOrEqual(500)
    }
  })

  test('the search itself finds a key where one is: the upstream side saw every canary', async () => {
    const needles = await secretNeedles()
    const seen = [{ where: 'upstream requests', text: upstream.requests.map((request) => JSON.stringify(request.headers)).join('\n') }]
    expect(findLeaks(seen, needles.upstream)).toHaveLength(needles.upstream.length)
  })

  test('no canary, token, server secret or admin key in any table or cell of the SQLite log', async () => {
    const needles = await secretNeedles()
    const cells = sqliteCells(join(workDir, 'data', 'llm-bridge.sqlite'))
    expect(cells.find((table) => table.where.startsWith('SQLite table request_log'))?.text).toContain('security-canary/1.0')
    expect(findLeaks(cells, [...needles.upstream, ...needles.tokens, ...needles.serverSecret, needles.adminKey])).toEqual([])
  })

  test('nor in the raw bytes of any file the log or the minted-URL registry left in the data directory', async () => {
    const needles = await secretNeedles()
    const dataDir = join(workDir, 'data')
    const files = (await readdir(dataDir)).filter((name) => name.startsWith('llm-bridge.sqlite') || name.startsWith('tokens.sqlite'))
    expect(files).toContain('llm-bridge.sqlite')
    expect(files).toContain('tokens.sqlite')
    const haystacks: Haystack[] = []
    for (const name of files) haystacks.push({ where: `file ${name}`, text: new TextDecoder('latin1').decode(await readFile(join(dataDir, name))) })
    expect(findLeaks(haystacks, [...needles.upstream, ...needles.tokens, ...needles.serverSecret.slice(0, 1), needles.adminKey])).toEqual([])
  })

  test('stdout and stderr hold none of them; the admin key is printed once, at first start only', async () => {
    const needles = await secretNeedles()
    const outputs: Haystack[] = [
      { where: 'first stdout', text: firstStdout.split(needles.adminKey.value).join('<admin key>') },
      { where: 'first stderr', text: firstStderr },
      { where: 'second stdout', text: secondStdout },
      { where: 'second stderr', text: secondStderr },
    ]
    expect(findLeaks(outputs, [...needles.upstream, ...needles.tokens, ...needles.serverSecret, needles.adminKey])).toEqual([])
    expect(firstStdout.split(needles.adminKey.value).length - 1).toBe(1)
    expect(firstStdout).toContain('Generated the server secret')
    expect(secondStdout).not.toContain('Admin key')
    expect(secondStdout).not.toContain('Generated the server secret')
  })

  test('no client response body or header carries them', async () => {
    const needles = await secretNeedles()
    expect(clientAnswers.length).toBe(requestCount)
    expect(findLeaks(clientAnswers, [...needles.upstream, ...needles.tokens, ...needles.serverSecret, needles.adminKey])).toEqual([])
  })

  test('no /api answer, /metrics or /healthz carries them, and the live tail neither', async () => {
    const needles = await secretNeedles()
    expect(tailText).toContain('event: row')
    expect(tailText.split('event: row').length - 1).toBeGreaterThanOrEqual(requestCount - 4)
    const haystacks = [...apiAnswers, { where: 'live tail', text: tailText }]
    expect(findLeaks(haystacks, [...needles.upstream, ...needles.tokens, ...needles.serverSecret, needles.adminKey])).toEqual([])
  })
})
