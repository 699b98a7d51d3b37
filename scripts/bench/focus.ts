/**
 * A quick, focused measurement for one optimisation step (not part of `make bench`): the bare Bun
 * pass-through and one bridge (log on), JSON at c=64 and translated SSE bursts of 50 and 500
 * events at c=16, CPU µs per request / per event from /proc. With `--profile DIR` the bridge runs
 * under `bun --cpu-prof` and the profile's top self-time functions are printed at the end.
 * `--routes` picks the routes (source→target or source->target, comma-separated, or `all`);
 * without it, the three measured since the first benchmark.
 *
 *   bun scripts/bench/focus.ts [--seconds 2] [--only json|sse] [--routes all|a,b,…] [--profile .tmp/prof]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requestBody, type ClientProtocol } from './bodies.ts'
import { cpuMicros, freePort, spawnPinned, waitForHttp, type Child } from './processes.ts'
import { configureMock } from './streams.ts'
import { renderSummary, summarizeProfile } from './summarize-profile.ts'
import { ADDED_ROUTES, bridgeLabel, CHAT_PATH, CORE_ROUTES, RUN_ENV, routeUrls, urlFor, type Route } from './targets.ts'
import { runWrk } from './wrk.ts'

const args = process.argv
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const seconds = Number(option('--seconds') ?? 2)
const only = option('--only')
const profileDir = option('--profile')
const multiCore = navigator.hardwareConcurrency > 1
const PROXY_CPU = multiCore ? 0 : undefined
const LOAD_CPU = multiCore ? 1 : undefined

type Spot = { name: string; url: string; sseUrl?: string; protocol: ClientProtocol; pid: number }

/** The routes `--routes` names, in the order given; every name must be a known route. */
function chosenRoutes(): Array<[ClientProtocol, ClientProtocol, Route]> {
  const known = [...CORE_ROUTES, ...ADDED_ROUTES]
  const wanted = option('--routes')
  if (wanted === undefined) return CORE_ROUTES
  if (wanted === 'all') return known
  return wanted.split(',').map((name) => {
    const route = known.find(([, , r]) => r === name.trim().replace('->', '→'))
    if (route === undefined) throw new Error(`unknown route ${name}; known: ${known.map(([, , r]) => r).join(', ')}`)
    return route
  })
}

async function measure(spot: Spot, stream: boolean, connections: number): Promise<{ rps: number; cpuUs: number; errors: number }> {
  const body = requestBody(spot.protocol, { stream })
  const url = urlFor(spot, stream)
  await runWrk({ url, body, connections, seconds: 1 })
  const before = cpuMicros(spot.pid)
  const result = await runWrk({ url, body, connections, seconds, ...(LOAD_CPU === undefined ? {} : { cpu: LOAD_CPU }) })
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
    for (const [source, target, route] of chosenRoutes()) {
      spots.push({ name: bridgeLabel(route), ...(await routeUrls(bridgeUrl, source, target, mock)), protocol: source, pid: bridge.pid })
    }
    const burst = { responseBytes: 1024, deltaChars: 8, ttftMs: 0, gapMs: 0 }
    const rows = new Map<string, { json?: number; sse?: number; perEvent?: number; errors: number }>(spots.map((spot) => [spot.name, { errors: 0 }]))
    const width = Math.max(...spots.map((spot) => spot.name.length)) + 2
    if (only !== 'sse') {
      await configureMock(mock, { ...burst, events: 50 })
      const baseline = await measure(spots[0]!, false, 64)
      rows.get(spots[0]!.name)!.json = baseline.rps
      console.log(`JSON 1 KB c=64   ${spots[0]!.name.padEnd(width)} ${baseline.rps.toFixed(0).padStart(6)} req/s  ${baseline.cpuUs.toFixed(0).padStart(4)} µs CPU/req`)
      for (const spot of spots.slice(1)) {
        const r = await measure(spot, false, 64)
        Object.assign(rows.get(spot.name)!, { json: r.rps, errors: rows.get(spot.name)!.errors + r.errors })
        console.log(`JSON 1 KB c=64   ${spot.name.padEnd(width)} ${r.rps.toFixed(0).padStart(6)} req/s  ${r.cpuUs.toFixed(0).padStart(4)} µs CPU/req  ${(r.rps / baseline.rps).toFixed(2)}×  errors ${r.errors}`)
      }
    }
    if (only !== 'json') {
      for (const spot of spots) {
        const perStream: number[] = []
        let rps50 = 0
        let errors = 0
        for (const events of [50, 500]) {
          await configureMock(mock, { ...burst, events })
          const r = await measure(spot, true, 16)
          perStream.push(r.cpuUs)
          errors += r.errors
          if (events === 50) rps50 = r.rps
        }
        const slope = ((perStream[1] ?? 0) - (perStream[0] ?? 0)) / 450
        const row = rows.get(spot.name)!
        Object.assign(row, { sse: rps50, perEvent: slope, errors: row.errors + errors })
        const ratio = spot === spots[0] ? '' : `  ${(rps50 / (rows.get(spots[0]!.name)!.sse ?? Number.NaN)).toFixed(2)}×  errors ${errors}`
        console.log(`SSE c=16         ${spot.name.padEnd(width)} ${rps50.toFixed(0).padStart(6)} streams/s (50 ev)  ${slope.toFixed(2)} µs CPU/event  ${(perStream[0] ?? 0).toFixed(0)} µs/stream${ratio}`)
      }
    }
    console.log(`\n${renderRows(rows, spots[0]!.name)}`)
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

/** The run as one Markdown table: ratios against the pass-through of the same run. */
function renderRows(rows: Map<string, { json?: number; sse?: number; perEvent?: number; errors: number }>, baselineName: string): string {
  const base = rows.get(baselineName)!
  const f = (value: number | undefined, digits: number) => (value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits))
  const lines = ['| target | JSON 1 KB c=64 req/s | × pass-through | SSE 50 ev c=16 streams/s | × pass-through | µs CPU/event | errors |', '|---|---:|---:|---:|---:|---:|---:|']
  for (const [name, row] of rows) {
    const ratio = (value: number | undefined, of: number | undefined) => (value === undefined || of === undefined ? undefined : value / of)
    lines.push(`| ${name} | ${f(row.json, 0)} | ${f(ratio(row.json, base.json), 2)} | ${f(row.sse, 0)} | ${f(ratio(row.sse, base.sse), 2)} | ${f(row.perEvent, 2)} | ${row.errors} |`)
  }
  return lines.join('\n')
}

await main()
