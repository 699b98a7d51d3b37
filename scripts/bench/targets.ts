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

export type Route = 'openai→openai' | 'anthropic→openai' | 'openai→anthropic'
export type TargetKind = 'direct' | 'baseline' | 'bridge' | 'peer'
export type Target = {
  name: string
  kind: TargetKind
  route: Route
  url: string
  protocol: ClientProtocol
  pid: number
  headers?: Record<string, string>
  /** Bridge targets: whether that bridge process writes the request log. */
  log?: 'on' | 'off'
}

export type World = { children: Child[]; targets: Target[]; mock: string; mockPid: number; bridgePid: number; bridgeOffPid: number; peers: PeerStatus[]; dataDirs: string[] }

export const CHAT_PATH: Record<ClientProtocol, string> = { openai: '/v1/chat/completions', anthropic: '/v1/messages' }


export async function mint(bridge: string, source: ClientProtocol, target: ClientProtocol, mock: string): Promise<string> {
  const body = {
    version: 2,
    source: { protocol: source },
    target: { protocol: target, baseUrl: target === 'openai' ? `${mock}/v1` : mock, auth: { type: target === 'openai' ? 'bearer' : 'x-api-key', token: 'sk-bench' } },
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
    const routes: Array<[ClientProtocol, ClientProtocol, Route]> = [['openai', 'openai', 'openai→openai'], ['anthropic', 'openai', 'anthropic→openai'], ['openai', 'anthropic', 'openai→anthropic']]
    for (const [source, target, route] of routes) {
      const label = source === target ? 'passthrough' : route
      targets.push({ name: `bridge ${label}${log === 'off' ? ' (log off)' : ''}`, kind: 'bridge', route, url: `${await mint(bridge.url, source, target, mock)}${CHAT_PATH[source]}`, protocol: source, pid: bridge.pid, log })
    }
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
