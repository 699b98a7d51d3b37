/**
 * Starts what a run measures, each in its own process: the mock upstream (load core), the bare Bun
 * pass-through, the bridge with the request log on and a second one with it off, and the peers
 * that install here (all on the proxy core), then mints one bridge URL per route.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ClientProtocol } from './bodies.ts'
import { startPortkey, type PeerStatus } from './peers.ts'
import { freePort, RUN_ENV, spawnPinned, waitForHttp, type Child } from './processes.ts'

export { RUN_ENV }

export type Route =
  | 'openai→openai' | 'anthropic→openai' | 'openai→anthropic'
  | 'openai-responses→openai' | 'anthropic→openai-responses' | 'gemini→openai' | 'openai→gemini' | 'anthropic→bedrock' | 'bedrock→anthropic'
  | 'gemini→gemini' | 'openai-responses→openai-responses' | 'bedrock→bedrock'
export type TargetKind = 'direct' | 'baseline' | 'bridge' | 'peer'
export type Target = {
  name: string
  kind: TargetKind
  route: Route
  url: string
  /** Where streaming requests go when the client protocol names streaming in the path (Gemini, Bedrock). */
  sseUrl?: string
  protocol: ClientProtocol
  pid: number
  headers?: Record<string, string>
  /** Bridge targets: whether that bridge process writes the request log. */
  log?: 'on' | 'off'
  /** A route added with the five-protocol set: measured only in the full-load scenarios, not paced. */
  added?: true
}

export type World = { children: Child[]; targets: Target[]; mock: string; mockPid: number; bridgePid: number; bridgeOffPid: number; peers: PeerStatus[]; dataDirs: string[] }

/** The chat path a client of each protocol calls (non-streaming, for those that put streaming in the path). */
export const CHAT_PATH: Record<ClientProtocol, string> = {
  openai: '/v1/chat/completions',
  anthropic: '/v1/messages',
  'openai-responses': '/v1/responses',
  gemini: '/v1beta/models/bench-model:generateContent',
  bedrock: '/model/bench-model/converse',
}

/** The streaming path where it differs from CHAT_PATH: Gemini and Bedrock name streaming in the path. */
export const STREAM_PATH: Partial<Record<ClientProtocol, string>> = {
  gemini: '/v1beta/models/bench-model:streamGenerateContent?alt=sse',
  bedrock: '/model/bench-model/converse-stream',
}

/** The URL a request goes to: streaming requests of Gemini and Bedrock clients to their own path. */
export function urlFor(target: Pick<Target, 'url' | 'sseUrl'>, stream: boolean): string {
  return stream ? (target.sseUrl ?? target.url) : target.url
}

/** The three routes measured since the first benchmark, then the ones added with five protocols. */
export const CORE_ROUTES: Array<[ClientProtocol, ClientProtocol, Route]> = [['openai', 'openai', 'openai→openai'], ['anthropic', 'openai', 'anthropic→openai'], ['openai', 'anthropic', 'openai→anthropic']]
export const ADDED_ROUTES: Array<[ClientProtocol, ClientProtocol, Route]> = [
  ['openai-responses', 'openai', 'openai-responses→openai'],
  ['anthropic', 'openai-responses', 'anthropic→openai-responses'],
  ['gemini', 'openai', 'gemini→openai'],
  ['openai', 'gemini', 'openai→gemini'],
  ['anthropic', 'bedrock', 'anthropic→bedrock'],
  ['bedrock', 'anthropic', 'bedrock→anthropic'],
  ['gemini', 'gemini', 'gemini→gemini'],
  ['openai-responses', 'openai-responses', 'openai-responses→openai-responses'],
  ['bedrock', 'bedrock', 'bedrock→bedrock'],
]

/** A bridge target's name: the first passthrough keeps its historical name, so earlier results compare. */
export function bridgeLabel(route: Route): string {
  return route === 'openai→openai' ? 'bridge passthrough' : `bridge ${route}`
}

/** The bridge URL (and streaming URL where the path differs) a client of `source` calls. */
export async function routeUrls(bridge: string, source: ClientProtocol, target: ClientProtocol, mock: string): Promise<{ url: string; sseUrl?: string }> {
  const proxy = await mint(bridge, source, target, mock)
  const stream = STREAM_PATH[source]
  return stream === undefined ? { url: `${proxy}${CHAT_PATH[source]}` } : { url: `${proxy}${CHAT_PATH[source]}`, sseUrl: `${proxy}${stream}` }
}

/** Where the mock answers each protocol and how the bridge authenticates there (the mock checks no credentials). */
function upstreamOf(target: ClientProtocol, mock: string): { baseUrl: string; auth: Record<string, string> } {
  switch (target) {
    case 'openai':
    case 'openai-responses':
      return { baseUrl: `${mock}/v1`, auth: { type: 'bearer', token: 'sk-bench' } }
    case 'bedrock':
      return { baseUrl: mock, auth: { type: 'aws', accessKeyId: 'AKIABENCHEXAMPLE', secretAccessKey: 'sk-bench', region: 'us-east-1' } }
    default:
      return { baseUrl: mock, auth: { type: 'x-api-key', token: 'sk-bench' } }
  }
}

export async function mint(bridge: string, source: ClientProtocol, target: ClientProtocol, mock: string): Promise<string> {
  const body = {
    version: 2,
    source: { protocol: source },
    target: { protocol: target, ...upstreamOf(target, mock) },
    model: { mode: 'passthrough' },
    endpoints: { mode: 'auto' },
  }
  const response = await fetch(`${bridge}/api/generate-url`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const json = (await response.json()) as { proxyUrl?: string }
  if (!json.proxyUrl) throw new Error(`generate-url failed: ${JSON.stringify(json)}`)
  return json.proxyUrl
}

async function startBridge(name: string, log: 'on' | 'off', mockPort: number, cpu: number | undefined, children: Child[], dataDirs: string[]): Promise<{ url: string; pid: number }> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'llm-bridge-bench-data-'))
  dataDirs.push(dataDir)
  const args = ['bun', 'src/main.ts', '--port', String(port), '--data-dir', dataDir, '--allow-host', `127.0.0.1:${mockPort}`, '--request-log', log]
  const child = spawnPinned(name, args, cpu, RUN_ENV)
  children.push(child)
  const url = `http://127.0.0.1:${port}`
  await waitForHttp(`${url}/healthz`)
  return { url, pid: child.pid }
}

export async function startWorld(options: { proxyCpu: number | undefined; loadCpu: number | undefined; peers: boolean }): Promise<World> {
  const children: Child[] = []
  const dataDirs: string[] = []
  const [mockPort, basePort] = [await freePort(), await freePort()]
  const mock = `http://127.0.0.1:${mockPort}`
  const mockChild = spawnPinned('mock', ['bun', 'scripts/bench/mock-upstream.ts', '--port', String(mockPort)], options.loadCpu)
  const baseChild = spawnPinned('baseline', ['bun', 'scripts/bench/baseline-proxy.ts', '--port', String(basePort), '--upstream', mock], options.proxyCpu, RUN_ENV)
  children.push(mockChild, baseChild)
  await waitForHttp(`${mock}/__health`)
  await waitForHttp(`http://127.0.0.1:${basePort}/__health`)
  const on = await startBridge('bridge', 'on', mockPort, options.proxyCpu, children, dataDirs)
  const off = await startBridge('bridge-log-off', 'off', mockPort, options.proxyCpu, children, dataDirs)

  const targets: Target[] = [
    { name: 'direct', kind: 'direct', route: 'openai→openai', url: `${mock}${CHAT_PATH.openai}`, protocol: 'openai', pid: mockChild.pid },
    { name: 'bun pass-through', kind: 'baseline', route: 'openai→openai', url: `http://127.0.0.1:${basePort}${CHAT_PATH.openai}`, protocol: 'openai', pid: baseChild.pid },
  ]
  for (const [bridge, log] of [[on, 'on'], [off, 'off']] as const) {
    for (const [source, target, route] of CORE_ROUTES) {
      targets.push({ name: `${bridgeLabel(route)}${log === 'off' ? ' (log off)' : ''}`, kind: 'bridge', route, url: `${await mint(bridge.url, source, target, mock)}${CHAT_PATH[source]}`, protocol: source, pid: bridge.pid, log })
    }
  }
  // After the log-off bridges, so every earlier target keeps its place in each scenario's rotation.
  for (const [source, target, route] of ADDED_ROUTES) {
    targets.push({ name: bridgeLabel(route), kind: 'bridge', route, ...(await routeUrls(on.url, source, target, mock)), protocol: source, pid: on.pid, log: 'on', added: true })
  }
  const peers: PeerStatus[] = []
  if (options.peers) {
    const portkey = await startPortkey(mock, options.proxyCpu, children)
    peers.push(portkey.status)
    targets.push(...portkey.targets)
  } else peers.push({ name: 'Portkey gateway', ran: false, why: 'skipped (--no-peers)' })
  peers.push(...NOT_RUN)
  return { children, targets, mock, mockPid: mockChild.pid, bridgePid: on.pid, bridgeOffPid: off.pid, peers, dataDirs }
}

/** Peers the issue names or that are commonly compared, and why this harness does not start them. */
const NOT_RUN: PeerStatus[] = [
  { name: 'LiteLLM proxy', ran: false, why: 'a Python package (pip), not installable from npm; no Python toolchain is assumed on a fresh machine' },
  { name: 'Bifrost', ran: false, why: 'a Go binary (its npx launcher downloads a release binary from GitHub, not npm content); not run to keep the bench npm-only and offline-reproducible' },
]
