/**
 * `make bench`: the bridge, a direct call and a bare Bun pass-through measured side by side in one
 * run, reported as ratios (the machine is shared and noisy: only same-run ratios mean anything).
 *
 * Topology: loopback only; the proxy under test pinned to core 0, mock upstream and load generator
 * on core 1. Targets are interleaved, each scenario repeated after a warm-up; medians with min–max.
 *
 *   bun scripts/bench/run.ts [--seconds 4] [--reps 3] [--quick]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requestBody, type ClientProtocol } from './bodies.ts'
import { cpuMicros, freePort, rssMiB, spawnPinned, stopAll, waitForHttp, type Child } from './processes.ts'
import { renderMarkdown, type ScenarioResult, type TargetResult } from './report.ts'
import { median, timeStream } from './stream-client.ts'
import { runWrk } from './wrk.ts'

const args = process.argv
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
const quick = args.includes('--quick')
const seconds = flag('--seconds', quick ? 2 : 4)
const reps = flag('--reps', quick ? 1 : 3)
const multiCore = navigator.hardwareConcurrency > 1
const PROXY_CPU = multiCore ? 0 : undefined
const LOAD_CPU = multiCore ? 1 : undefined

type Target = { name: string; url: string; protocol: ClientProtocol; pid: number; headers?: Record<string, string> }

async function mint(bridge: string, source: ClientProtocol, target: ClientProtocol, upstream: string): Promise<string> {
  const body = {
    version: 2,
    source: { protocol: source },
    target: { protocol: target, baseUrl: target === 'openai' ? `${upstream}/v1` : upstream, auth: { type: target === 'openai' ? 'bearer' : 'x-api-key', token: 'sk-bench' } },
    model: { mode: 'passthrough' },
    endpoints: { mode: 'auto' },
  }
  const response = await fetch(`${bridge}/api/generate-url`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const json = (await response.json()) as { proxyUrl?: string; message?: string }
  if (!json.proxyUrl) throw new Error(`generate-url failed: ${JSON.stringify(json)}`)
  return json.proxyUrl
}

function chatPath(protocol: ClientProtocol): string {
  return protocol === 'openai' ? '/v1/chat/completions' : '/v1/messages'
}

async function configureMock(mock: string, knobs: Record<string, number>): Promise<void> {
  await fetch(`${mock}/__config`, { method: 'POST', body: JSON.stringify(knobs) })
}

async function measure(target: Target, body: string, connections: number): Promise<TargetResult> {
  const cpuBefore = cpuMicros(target.pid)
  const result = await runWrk({ url: target.url, body, connections, seconds, ...(target.headers ? { headers: target.headers } : {}), ...(LOAD_CPU === undefined ? {} : { cpu: LOAD_CPU }) })
  const cpu = cpuMicros(target.pid) - cpuBefore
  return { ...result, cpuUsPerRequest: result.requests > 0 ? cpu / result.requests : 0, rssMiB: rssMiB(target.pid) }
}

async function scenario(name: string, targets: Target[], bodyFor: (p: ClientProtocol) => string, connections: number): Promise<ScenarioResult> {
  const runs = new Map<string, TargetResult[]>()
  for (const target of targets) await runWrk({ url: target.url, body: bodyFor(target.protocol), connections, seconds: 1 })
  for (let rep = 0; rep < reps; rep++) {
    for (const target of targets) {
      const list = runs.get(target.name) ?? []
      list.push(await measure(target, bodyFor(target.protocol), connections))
      runs.set(target.name, list)
    }
  }
  console.log(`  ${name}: ${[...runs.entries()].map(([t, r]) => `${t} ${Math.round(median(r.map((x) => x.rps)))} rps`).join(', ')}`)
  return { name, connections, runs: Object.fromEntries(runs) }
}

async function pacedTtfb(targets: Target[], mock: string): Promise<Record<string, { ttfbMs: number; maxGapMs: number }>> {
  await configureMock(mock, { events: 20, deltaChars: 8, ttftMs: 50, gapMs: 20 })
  const out: Record<string, { ttfbMs: number; maxGapMs: number }> = {}
  const samples = new Map<string, Array<{ ttfbMs: number; maxGapMs: number }>>()
  for (let i = 0; i < Math.max(5, reps * 5); i++) {
    for (const target of targets) {
      const timing = await timeStream(target.url, requestBody(target.protocol, { stream: true }), target.headers)
      samples.set(target.name, [...(samples.get(target.name) ?? []), timing])
    }
  }
  for (const [name, list] of samples) out[name] = { ttfbMs: median(list.map((s) => s.ttfbMs)), maxGapMs: median(list.map((s) => s.maxGapMs)) }
  await configureMock(mock, { ttftMs: 0, gapMs: 0 })
  return out
}

async function main(): Promise<void> {
  const children: Child[] = []
  const dataDir = mkdtempSync(join(tmpdir(), 'llm-bridge-bench-data-'))
  try {
    const [mockPort, basePort, bridgePort] = [await freePort(), await freePort(), await freePort()]
    const mock = `http://127.0.0.1:${mockPort}`
    children.push(spawnPinned('mock', ['bun', 'scripts/bench/mock-upstream.ts', '--port', String(mockPort)], LOAD_CPU))
    children.push(spawnPinned('baseline', ['bun', 'scripts/bench/baseline-proxy.ts', '--port', String(basePort), '--upstream', mock], PROXY_CPU))
    const bridgeChild = spawnPinned('bridge', ['bun', 'src/main.ts', '--port', String(bridgePort), '--data-dir', dataDir, '--allow-host', `127.0.0.1:${mockPort}`], PROXY_CPU)
    children.push(bridgeChild)
    await waitForHttp(`${mock}/__health`)
    await waitForHttp(`http://127.0.0.1:${basePort}/__health`)
    const bridge = `http://127.0.0.1:${bridgePort}`
    await waitForHttp(`${bridge}/healthz`)
    const idleRss = rssMiB(bridgeChild.pid)

    const basePid = children[1]!.pid
    const targets: Target[] = [
      { name: 'direct', url: `${mock}/v1/chat/completions`, protocol: 'openai', pid: children[0]!.pid },
      { name: 'bun pass-through', url: `http://127.0.0.1:${basePort}/v1/chat/completions`, protocol: 'openai', pid: basePid },
      { name: 'bridge passthrough', url: `${await mint(bridge, 'openai', 'openai', mock)}/v1/chat/completions`, protocol: 'openai', pid: bridgeChild.pid },
      { name: 'bridge anthropic→openai', url: `${await mint(bridge, 'anthropic', 'openai', mock)}${chatPath('anthropic')}`, protocol: 'anthropic', pid: bridgeChild.pid },
      { name: 'bridge openai→anthropic', url: `${await mint(bridge, 'openai', 'anthropic', mock)}${chatPath('openai')}`, protocol: 'openai', pid: bridgeChild.pid },
    ]
    console.log(`bench: ${seconds}s × ${reps} reps per target; proxy on cpu ${PROXY_CPU ?? '-'}, load on cpu ${LOAD_CPU ?? '-'}`)
    const scenarios: ScenarioResult[] = []
    await configureMock(mock, { responseBytes: 1024, events: 50, deltaChars: 8, ttftMs: 0, gapMs: 0 })
    for (const c of quick ? [16] : [1, 16, 64]) scenarios.push(await scenario(`JSON 1 KB, c=${c}`, targets, (p) => requestBody(p, { stream: false }), c))
    for (const c of quick ? [16] : [16, 64]) scenarios.push(await scenario(`SSE burst 50 events, c=${c}`, targets, (p) => requestBody(p, { stream: true }), c))
    scenarios.push(await scenario('JSON, 100 KB request, c=16', targets, (p) => requestBody(p, { stream: false, large: true }), 16))
    const peakRss = rssMiB(bridgeChild.pid)
    const paced = await pacedTtfb(targets, mock)
    await Bun.sleep(2000)
    const recoveredRss = rssMiB(bridgeChild.pid)

    const startup = await measureStartup(mockPort)
    const report = { machine: machineLine(), seconds, reps, scenarios, paced, memory: { idleMiB: idleRss, peakMiB: peakRss, afterMiB: recoveredRss }, startup }
    mkdirSync('scripts/bench/results', { recursive: true })
    writeFileSync('scripts/bench/results/latest.json', JSON.stringify(report, null, 2))
    const markdown = renderMarkdown(report)
    writeFileSync('scripts/bench/results/latest.md', markdown)
    console.log(`\n${markdown}`)
  } finally {
    stopAll(children)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Startup of the compiled binary to its first answer, when dist/llm-bridge exists. */
async function measureStartup(mockPort: number): Promise<{ firstAnswerMs: number; binaryMiB: number } | undefined> {
  let size: number
  try {
    size = statSync('dist/llm-bridge').size
  } catch {
    return undefined
  }
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'llm-bridge-bench-bin-'))
  const started = performance.now()
  const child = spawnPinned('binary', ['dist/llm-bridge', '--port', String(port), '--data-dir', dir, '--allow-host', `127.0.0.1:${mockPort}`], PROXY_CPU)
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`)
    return { firstAnswerMs: performance.now() - started, binaryMiB: size / 1024 / 1024 }
  } finally {
    child.proc.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}

function machineLine(): string {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU'
  return `${cpu}, ${navigator.hardwareConcurrency} cores, Bun ${Bun.version}`
}

await main()
