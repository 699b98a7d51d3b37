/**
 * `make bench`: the bridge, a direct call, a bare Bun pass-through and the peers that
 * install from npm, measured side by side in one run and reported as ratios. Bounded in time
 * (about 13 minutes on 2 cores), loopback only, stops by itself; writes
 * scripts/bench/results/latest.{json,md}.
 *
 *   bun scripts/bench/run.ts [--seconds 2] [--reps 3] [--quick] [--no-peers]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { requestBody } from './bodies.ts'
import { measureStartup } from './binary.ts'
import { runScenario, type ScenarioResult, type ScenarioSpec } from './load.ts'
import { rssMiB, stopAll } from './processes.ts'
import { checkTargets, renderMarkdown, type BenchReport } from './report.ts'
import { configureMock, pacedTtfb, ramp, type PacedKnobs, type RampResult } from './streams.ts'
import { startWorld, type Target } from './targets.ts'
import { ensureWrk } from './wrk.ts'

const args = process.argv
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
const quick = args.includes('--quick')
const seconds = flag('--seconds', quick ? 1 : 2)
const reps = flag('--reps', quick ? 1 : 3)
const multiCore = navigator.hardwareConcurrency > 1
const PROXY_CPU = multiCore ? 0 : undefined
const LOAD_CPU = multiCore ? 1 : undefined
const PACED: PacedKnobs = { ttftMs: 20, gapMs: 20, events: 10 }
const RAMP: PacedKnobs & { steps: number[] } = { ttftMs: 50, gapMs: 50, events: 20, steps: quick ? [100, 1000] : [100, 250, 500, 1000] }
const BURST = { responseBytes: 1024, deltaChars: 8, ttftMs: 0, gapMs: 0 }

function scenarios(targets: Target[]): Array<ScenarioSpec & { mock: Record<string, number> }> {
  // The log-off bridges and the routes added with five protocols join only the full-load scenarios.
  const logOn = targets.filter((t) => t.log !== 'off' && t.added !== true)
  const json = (p: Target['protocol']) => requestBody(p, { stream: false })
  const sse = (p: Target['protocol']) => requestBody(p, { stream: true })
  const large = (p: Target['protocol']) => requestBody(p, { stream: false, large: true })
  const all: Array<ScenarioSpec & { mock: Record<string, number> }> = [
    { name: 'JSON 1 KB, c=1', kind: 'json', connections: 1, body: json, targets: logOn, mock: { ...BURST, events: 50 } },
    { name: 'JSON 1 KB, c=16', kind: 'json', connections: 16, body: json, targets: logOn, mock: { ...BURST, events: 50 } },
    // The log-off bridge joins where the log's cost would show most: full load.
    { name: 'JSON 1 KB, c=64', kind: 'json', connections: 64, body: json, targets, mock: { ...BURST, events: 50 } },
    { name: 'SSE burst 50 events, c=16', kind: 'sse', connections: 16, events: 50, body: sse, targets: logOn, mock: { ...BURST, events: 50 } },
    { name: 'SSE burst 50 events, c=64', kind: 'sse', connections: 64, events: 50, body: sse, targets, mock: { ...BURST, events: 50 } },
    { name: 'SSE burst 500 events, c=16', kind: 'sse', connections: 16, events: 500, body: sse, targets, mock: { ...BURST, events: 500 } },
    { name: 'JSON 100 KB request, c=16', kind: 'large', connections: 16, body: large, targets: logOn, mock: { ...BURST, events: 50 } },
  ]
  return quick ? all.filter((s) => s.connections !== 1 && s.name !== 'JSON 1 KB, c=16' && s.name !== 'SSE burst 50 events, c=16') : all
}

async function main(): Promise<void> {
  const started = performance.now()
  await ensureWrk()
  const world = await startWorld({ proxyCpu: PROXY_CPU, loadCpu: LOAD_CPU, peers: !args.includes('--no-peers') })
  try {
    await Bun.sleep(500)
    const idleMiB = rssMiB(world.bridgePid)
    console.log(`bench: ${seconds} s × ${reps} reps per target; proxies on CPU ${PROXY_CPU ?? '-'}, mock and load on CPU ${LOAD_CPU ?? '-'}; bridge idle RSS ${idleMiB.toFixed(1)} MiB`)
    const results: ScenarioResult[] = []
    for (const spec of scenarios(world.targets)) {
      await configureMock(world.mock, spec.mock)
      results.push(await runScenario(spec, { seconds, reps, loadCpu: LOAD_CPU }))
    }
    const peakC64MiB = Math.max(0, ...results.filter((s) => s.connections === 64).flatMap((s) => Object.entries(s.runs).filter(([name]) => name.startsWith('bridge') && !name.includes('log off')).flatMap(([, runs]) => runs.map((r) => r.peakRssMiB))))

    console.log('paced streams, c=1 …')
    const paced = await pacedTtfb(world.targets.filter((t) => t.added !== true), world.mock, PACED, quick ? 1 : 3, LOAD_CPU)
    const ramps: RampResult[] = []
    const rampTargets = ['direct', 'bun pass-through', 'bridge passthrough', 'bridge anthropic→openai']
    for (const name of rampTargets) {
      const target = world.targets.find((t) => t.name === name)
      if (target) ramps.push(await ramp(target, world.mock, RAMP, RAMP.steps, LOAD_CPU))
    }
    const peak1000MiB = Math.max(0, ...ramps.filter((r) => r.target.startsWith('bridge')).flatMap((r) => r.steps.filter((s) => s.concurrency === 1000).map((s) => s.peakRssMiB)))
    await Bun.sleep(2000)
    const afterMiB = rssMiB(world.bridgePid)
    stopAll(world.children)

    const startup = await measureStartup(PROXY_CPU)
    const report: BenchReport = {
      date: new Date().toISOString(),
      machine: machineLine(),
      method: { seconds, reps, proxyCpu: String(PROXY_CPU ?? 'any'), loadCpu: String(LOAD_CPU ?? 'any'), paced: PACED, ramp: RAMP },
      scenarios: results,
      paced,
      ramps,
      memory: { idleMiB, peakC64MiB, peak1000MiB, afterMiB },
      startup,
      peers: world.peers,
      durationSeconds: (performance.now() - started) / 1000,
    }
    mkdirSync('scripts/bench/results', { recursive: true })
    writeFileSync('scripts/bench/results/latest.json', `${JSON.stringify({ ...report, targets: checkTargets(report) }, null, 2)}\n`)
    const markdown = renderMarkdown(report)
    writeFileSync('scripts/bench/results/latest.md', `${markdown}\n`)
    console.log(`\n${markdown}`)
  } finally {
    stopAll(world.children)
    for (const dir of world.dataDirs) rmSync(dir, { recursive: true, force: true })
  }
}

function machineLine(): string {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU'
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0)
  return `${cpu}, ${navigator.hardwareConcurrency} cores, ${(memKb / 1024 / 1024).toFixed(0)} GiB RAM, Linux, Bun ${Bun.version}`
}

await main()
