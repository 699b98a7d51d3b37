/**
 * Peers measured in the same run, on the same core as the bridge. The Portkey gateway is installed
 * from npm into .tmp/peers (gitignored; never in package.json) at bench time and pointed at the mock
 * with its custom-host headers. It runs on Bun: under Node 20 its streaming path fails
 * ("tryTargetsRecursively error: immutable", every SSE request answered 500), and Bun is also the
 * bridge's runtime, so the comparison is runtime for runtime.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { freePort, RUN_ENV, spawnPinned, waitForHttp, type Child } from './processes.ts'
import type { Target } from './targets.ts'

export type PeerStatus = { name: string; ran: boolean; why?: string; version?: string }

const PEERS_DIR = resolve('.tmp/peers')
const PORTKEY_ENTRY = join(PEERS_DIR, 'node_modules/@portkey-ai/gateway/build/start-server.js')

async function installPortkey(): Promise<string | undefined> {
  if (!existsSync(PORTKEY_ENTRY)) {
    mkdirSync(PEERS_DIR, { recursive: true })
    if (!existsSync(join(PEERS_DIR, 'package.json'))) writeFileSync(join(PEERS_DIR, 'package.json'), '{ "name": "bench-peers", "private": true }\n')
    console.log('installing @portkey-ai/gateway into .tmp/peers (npm) …')
    const npm = Bun.spawn(['npm', 'install', '--no-audit', '--no-fund', '--ignore-scripts', '@portkey-ai/gateway'], { cwd: PEERS_DIR, stdout: 'ignore', stderr: 'pipe' })
    const timer = setTimeout(() => npm.kill(), 180_000)
    const code = await npm.exited
    clearTimeout(timer)
    if (code !== 0 || !existsSync(PORTKEY_ENTRY)) return undefined
  }
  const pkg = (await Bun.file(join(PEERS_DIR, 'node_modules/@portkey-ai/gateway/package.json')).json()) as { version?: string }
  return pkg.version ?? 'unknown'
}

export async function startPortkey(mock: string, cpu: number | undefined, children: Child[]): Promise<{ status: PeerStatus; targets: Target[] }> {
  const name = 'Portkey gateway'
  let version: string | undefined
  try {
    version = await installPortkey()
  } catch (error) {
    return { status: { name, ran: false, why: `npm install failed: ${String(error)}` }, targets: [] }
  }
  if (version === undefined) return { status: { name, ran: false, why: 'npm install of @portkey-ai/gateway failed (offline?)' }, targets: [] }
  const port = await freePort()
  const child = spawnPinned('portkey', ['bun', PORTKEY_ENTRY, `--port=${port}`, '--headless'], cpu, { ...RUN_ENV, NODE_ENV: 'production' })
  children.push(child)
  const base = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(`${base}/`, 30_000)
  } catch {
    return { status: { name, ran: false, why: 'installed but did not start within 30 s' }, targets: [] }
  }
  const common = { kind: 'peer' as const, url: `${base}/v1/chat/completions`, protocol: 'openai' as const, pid: child.pid }
  const targets: Target[] = [
    { ...common, name: 'portkey openai→openai', route: 'openai→openai', headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mock}/v1`, authorization: 'Bearer sk-bench' } },
    { ...common, name: 'portkey openai→anthropic', route: 'openai→anthropic', headers: { 'x-portkey-provider': 'anthropic', 'x-portkey-custom-host': `${mock}/v1`, 'x-api-key': 'sk-bench', authorization: 'Bearer sk-bench' } },
  ]
  return { status: { name, ran: true, version: `${version} on Bun ${Bun.version}` }, targets }
}
