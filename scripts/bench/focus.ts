/**
 * A quick, focused measurement for one optimisation step (not part of `make bench`): the bare Bun
 * pass-through and one bridge (log on), JSON at c=64 and translated SSE bursts of 50 and 500
 * events at c=16, CPU µs per request / per event from /proc. With `--profile DIR` the bridge runs
 * under `bun --cpu-prof` and the profile's top self-time functions are printed at the end.
 *
 *   bun scripts/bench/focus.ts [--seconds 2] [--only json|sse] [--profile .tmp/prof]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requestBody, type ClientProtocol } from './bodies.ts'
import { cpuMicros, freePort, spawnPinned, waitForHttp, type Child } from './processes.ts'
import { configureMock } from './streams.ts'
import { renderSummary, summarizeProfile } from './summarize-profile.ts'
import { CHAT_PATH, RUN_ENV, mint } from './targets.ts'
import { runWrk } from './wrk.ts'

const args = process.argv
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const seconds = Number(option('--seconds') ?? 2)
const only = option('--only')
const profileDir = option('--profile')
const multiCore = navigator.hardwareConcurrency > 1
const PROXY_CPU = multiCore ? 0 : undefined
const LOAD_CPU = multiCore ? 1 : undefined

type Spot = { name: string; url: string; protocol: ClientProtocol; pid: number }

async function measure(spot: Spot, stream: boolean, connections: number): Promise<{ rps: number; cpuUs: number; errors: number }> {
  const body = requestBody(spot.protocol, { stream })
  await runWrk({ url: spot.url, body, connections, seconds: 1 })
  const before = cpuMicros(spot.pid)
  const result = await runWrk({ url: spot.url, body, connections, seconds, ...(LOAD_CPU === undefined ? {} : { cpu: LOAD_CPU }) })
  const cpu = cpuMicros(spot.pid) - before
  return { rps: result.rps, cpuUs: result.requests > 0 ? cpu / result.requests : 0, errors: result.errors + result.non2xx }
}

async function main(): Promise<void> {
  const children: Child[] = []
  const dataDir = mkdtempSync(join(tmpdir(), 'llm-bridge-focus-'))
  try {
    const [mockPort, basePort, bridgePort] = [await freePort(), await freePort(), await freePort()]
    const mock = `http://127.0.0.1:${mockPort}`
    children.push(spawnPinned('mock', ['bun', 'scripts/bench/mock-upstream.ts', '--port', String(mockPort)], LOAD_CPU))
    const base = spawnPinned('baseline', ['bun', 'scripts/bench/baseline-proxy.ts', '--port', String(basePort), '--upstream', mock], PROXY_CPU, RUN_ENV)
    children.push(base)
    if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true })
    const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]
    const bridge = spawnPinned('bridge', ['bun', ...profile, 'src/main.ts', '--port', String(bridgePort), '--data-dir', dataDir, '--allow-host', `127.0.0.1:${mockPort}`], PROXY_CPU, RUN_ENV)
    children.push(bridge)
    const bridgeUrl = `http://127.0.0.1:${bridgePort}`
    await waitForHttp(`${mock}/__health`)
    await waitForHttp(`http://127.0.0.1:${basePort}/__health`)
    await waitForHttp(`${bridgeUrl}/healthz`)
    const spots: Spot[] = [{ name: 'bun pass-through', url: `http://127.0.0.1:${basePort}${CHAT_PATH.openai}`, protocol: 'openai', pid: base.pid }]
    for (const [source, target, label] of [['openai', 'openai', 'passthrough'], ['anthropic', 'openai', 'anthropic→openai'], ['openai', 'anthropic', 'openai→anthropic']] as const) {
      spots.push({ name: `bridge ${label}`, url: `${await mint(bridgeUrl, source, target, mock)}${CHAT_PATH[source]}`, protocol: source, pid: bridge.pid })
    }
    const burst = { responseBytes: 1024, deltaChars: 8, ttftMs: 0, gapMs: 0 }
    if (only !== 'sse') {
      await configureMock(mock, { ...burst, events: 50 })
      const baseline = await measure(spots[0]!, false, 64)
      console.log(`JSON 1 KB c=64   ${spots[0]!.name.padEnd(26)} ${baseline.rps.toFixed(0).padStart(6)} req/s  ${baseline.cpuUs.toFixed(0).padStart(4)} µs CPU/req`)
      for (const spot of spots.slice(1)) {
        const r = await measure(spot, false, 64)
        console.log(`JSON 1 KB c=64   ${spot.name.padEnd(26)} ${r.rps.toFixed(0).padStart(6)} req/s  ${r.cpuUs.toFixed(0).padStart(4)} µs CPU/req  ${(r.rps / baseline.rps).toFixed(2)}×  errors ${r.errors}`)
      }
    }
    if (only !== 'json') {
      for (const spot of spots) {
        const perStream: number[] = []
        let rps50 = 0
        for (const events of [50, 500]) {
          await configureMock(mock, { ...burst, events })
          const r = await measure(spot, true, 16)
          perStream.push(r.cpuUs)
          if (events === 50) rps50 = r.rps
        }
        const slope = ((perStream[1] ?? 0) - (perStream[0] ?? 0)) / 450
        console.log(`SSE c=16         ${spot.name.padEnd(26)} ${rps50.toFixed(0).padStart(6)} streams/s (50 ev)  ${slope.toFixed(2)} µs CPU/event  ${(perStream[0] ?? 0).toFixed(0)} µs/stream`)
      }
    }
  } finally {
    for (const child of children) child.proc.kill('SIGTERM')
    await Promise.all(children.map((child) => child.proc.exited))
    rmSync(dataDir, { recursive: true, force: true })
  }
  if (profileDir !== undefined) {
    const file = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile')).sort().at(-1)
    if (file !== undefined) console.log(`\n${join(profileDir, file)}\n${renderSummary(summarizeProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8')), 30))}`)
  }
}

await main()
