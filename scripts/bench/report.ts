/**
 * Benchmark results → the figures the issue asks for (ratios against the bare pass-through and the
 * direct call, CPU per request and per SSE event, TTFB, RSS, startup) and the targets met/missed.
 */
import type { StartupResult } from './binary.ts'
import type { RunResult, ScenarioResult } from './load.ts'
import type { PeerStatus } from './peers.ts'
import { RUN_ENV } from './processes.ts'
import { median } from './stream-client.ts'
import type { StreamSummary } from './stream-client.ts'
import type { PacedKnobs, RampResult } from './streams.ts'

export type BenchReport = {
  date: string
  machine: string
  method: { seconds: number; reps: number; proxyCpu: string; loadCpu: string; paced: PacedKnobs; ramp: PacedKnobs & { steps: number[] } }
  scenarios: ScenarioResult[]
  paced: Record<string, StreamSummary>
  ramps: RampResult[]
  memory: { idleMiB: number; peakC64MiB: number; peak1000MiB: number; afterMiB: number }
  startup: StartupResult | { error: string }
  peers: PeerStatus[]
  durationSeconds: number
}

export type TargetCheck = { target: string; limit: string; measured: string; met: boolean }

const f = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-')
const med = (runs: RunResult[], pick: (r: RunResult) => number) => median(runs.map(pick))

function spread(values: number[], digits = 0): string {
  if (values.length <= 1) return f(values[0] ?? Number.NaN, digits)
  return `${f(median(values), digits)} (${f(Math.min(...values), digits)}–${f(Math.max(...values), digits)})`
}

function scenario(report: BenchReport, kind: ScenarioResult['kind'], connections: number, events?: number): ScenarioResult | undefined {
  return report.scenarios.find((s) => s.kind === kind && s.connections === connections && (events === undefined || s.events === events))
}

const rpsOf = (s: ScenarioResult | undefined, target: string) => (s?.runs[target] ? med(s.runs[target]!, (r) => r.rps) : Number.NaN)
const p50Of = (s: ScenarioResult | undefined, target: string) => (s?.runs[target] ? med(s.runs[target]!, (r) => r.p50us) : Number.NaN)
const cpuOf = (s: ScenarioResult | undefined, target: string) => (s?.runs[target] ? med(s.runs[target]!, (r) => r.cpuUsPerRequest) : Number.NaN)

/** Marginal CPU per SSE event: the slope between the 500-event and the 50-event burst at c=16. */
export function cpuPerEvent(report: BenchReport, target: string): number {
  // The log-off bridges join the 50-event burst only at c=64; their slope is taken from there.
  const small = report.scenarios.find((s) => s.kind === 'sse' && s.events === 50 && s.connections === 16 && s.runs[target] !== undefined)
    ?? report.scenarios.find((s) => s.kind === 'sse' && s.events === 50 && s.runs[target] !== undefined)
  const large = report.scenarios.find((s) => s.kind === 'sse' && s.events === 500)
  if (!small || !large) return Number.NaN
  return (cpuOf(large, target) - cpuOf(small, target)) / ((large.events ?? 0) - (small.events ?? 0))
}

function mockLimited(s: ScenarioResult): boolean {
  const direct = rpsOf(s, 'direct')
  const bridges = Object.keys(s.runs).filter((name) => name.startsWith('bridge')).map((name) => rpsOf(s, name))
  return bridges.length > 0 && direct < 2 * Math.max(...bridges)
}

export function checkTargets(report: BenchReport): TargetCheck[] {
  const checks: TargetCheck[] = []
  const json64 = scenario(report, 'json', 64)
  const sse64 = scenario(report, 'sse', 64, 50)
  const json1 = scenario(report, 'json', 1)
  const base64 = rpsOf(json64, 'bun pass-through')
  for (const route of ['anthropic→openai', 'openai→anthropic']) {
    const ratio = rpsOf(json64, `bridge ${route}`) / base64
    checks.push({ target: `JSON ${route} throughput at c=64 vs bun pass-through`, limit: '≥ 0.90×', measured: `${f(ratio, 2)}×`, met: ratio >= 0.9 })
  }
  for (const route of ['anthropic→openai', 'openai→anthropic']) {
    const perEvent = cpuPerEvent(report, `bridge ${route}`)
    checks.push({ target: `SSE ${route} CPU per event`, limit: '≤ 1.5 µs', measured: `${f(perEvent, 2)} µs`, met: perEvent <= 1.5 })
    const ratio = rpsOf(sse64, `bridge ${route}`) / rpsOf(sse64, 'bun pass-through')
    checks.push({ target: `SSE ${route} streams/s at c=64 vs bun pass-through`, limit: '≥ 0.35×', measured: `${f(ratio, 2)}×`, met: ratio >= 0.35 })
  }
  const directP50 = p50Of(json1, 'direct')
  for (const name of ['bridge passthrough', 'bridge anthropic→openai', 'bridge openai→anthropic']) {
    const added = (p50Of(json1, name) - directP50) / 1000
    checks.push({ target: `added p50 at c=1, ${name}`, limit: '≤ 0.25 ms', measured: `${f(added, 3)} ms`, met: added <= 0.25 })
  }
  const directTtfb = report.paced['direct']?.ttfbMs.p50 ?? Number.NaN
  for (const name of ['bridge passthrough', 'bridge anthropic→openai', 'bridge openai→anthropic']) {
    const added = (report.paced[name]?.ttfbMs.p50 ?? Number.NaN) - directTtfb
    checks.push({ target: `added TTFB on paced streams, ${name}`, limit: '≤ 0.5 ms', measured: `${f(added, 2)} ms`, met: added <= 0.5 })
  }
  checks.push({ target: 'bridge RSS idle', limit: '≤ 50 MiB', measured: `${f(report.memory.idleMiB, 1)} MiB`, met: report.memory.idleMiB <= 50 })
  checks.push({ target: 'bridge RSS peak at c=64', limit: '≤ 100 MiB', measured: `${f(report.memory.peakC64MiB, 1)} MiB`, met: report.memory.peakC64MiB <= 100 })
  checks.push({ target: 'bridge RSS with 1,000 paced streams', limit: '≤ 200 MiB', measured: `${f(report.memory.peak1000MiB, 1)} MiB`, met: report.memory.peak1000MiB <= 200 })
  if ('firstAnswerMs' in report.startup) {
    checks.push({ target: 'compiled binary: first answer after start', limit: '≤ 50 ms', measured: `${f(report.startup.firstAnswerMs, 1)} ms`, met: report.startup.firstAnswerMs <= 50 })
  }
  const pairs: Array<[string, string]> = [['bridge passthrough', 'portkey openai→openai'], ['bridge openai→anthropic', 'portkey openai→anthropic']]
  for (const [bridge, peer] of pairs) {
    for (const s of [json64, sse64]) {
      if (!s?.runs[peer]) continue
      const ratio = rpsOf(s, bridge) / rpsOf(s, peer)
      checks.push({ target: `${bridge} vs ${peer}, ${s.name}`, limit: '≥ 6×', measured: `${f(ratio, 1)}×`, met: ratio >= 6 })
    }
  }
  return checks
}

/**
 * One row per bridge route with the request log on, the five-protocol routes included: the three
 * figures that compare across routes, each against the pass-through of the same run.
 */
function renderRoutes(report: BenchReport): string[] {
  const json64 = scenario(report, 'json', 64)
  const sse64 = scenario(report, 'sse', 64, 50)
  const names = Object.keys(json64?.runs ?? {}).filter((name) => name.startsWith('bridge') && !name.includes('log off'))
  const lines = ['| bridge route (log on) | JSON 1 KB c=64 × bun pass-through | SSE 50 events c=64 streams/s × bun pass-through | CPU µs per SSE event |', '|---|---:|---:|---:|']
  for (const name of names) {
    lines.push(`| ${name === 'bridge passthrough' ? 'openai→openai (passthrough)' : name.slice('bridge '.length)} | ${f(rpsOf(json64, name) / rpsOf(json64, 'bun pass-through'), 2)} | ${f(rpsOf(sse64, name) / rpsOf(sse64, 'bun pass-through'), 2)} | ${f(cpuPerEvent(report, name), 2)} |`)
  }
  return lines
}

export function renderMarkdown(report: BenchReport): string {
  const m = report.method
  const lines: string[] = [
    `Run ${report.date} on ${report.machine}; ${f(report.durationSeconds)} s in all.`,
    `Method: loopback only; proxies (bridge, bun pass-through, peers) pinned to CPU ${m.proxyCpu} and started with the environment \`make run\` uses (${Object.entries(RUN_ENV).map(([name, value]) => `${name}=${value}`).join(', ')}), mock upstream and load generators (wrk, stream client) on CPU ${m.loadCpu}. wrk runs of ${m.seconds} s, ${m.reps} interleaved repetitions after a 1 s warm-up of every target; medians (min–max). CPU µs from /proc/<pid>/stat of the proxy process. The machine is shared: absolute figures are noisy, same-run ratios are what count.`,
    '',
    '| scenario | target | req/s | × bun pass-through | p50 µs | p99 µs | added p50 / p99 µs vs direct | CPU µs/req | peak RSS MiB | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const s of report.scenarios) {
    const baseline = rpsOf(s, 'bun pass-through')
    const direct = s.runs['direct']
    for (const [target, runs] of Object.entries(s.runs)) {
      const rps = runs.map((r) => r.rps)
      const added = target === 'direct' || !direct ? '-' : `${f(med(runs, (r) => r.p50us) - med(direct, (r) => r.p50us))} / ${f(med(runs, (r) => r.p99us) - med(direct, (r) => r.p99us))}`
      const errors = runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0)
      lines.push(`| ${s.name} | ${target} | ${spread(rps)} | ${f(median(rps) / baseline, 2)} | ${f(med(runs, (r) => r.p50us))} | ${f(med(runs, (r) => r.p99us))} | ${added} | ${f(med(runs, (r) => r.cpuUsPerRequest))} | ${f(Math.max(...runs.map((r) => r.peakRssMiB)), 1)} | ${errors} |`)
    }
    if (mockLimited(s)) lines.push(`| ${s.name} | ⚠ limited by the mock: direct is under 2× the fastest bridge target | | | | | | | | |`)
  }
  lines.push('', '| target | CPU µs per SSE event (slope 50 → 500 events, c=16) |', '|---|---:|')
  const sseTargets = Object.keys(report.scenarios.find((s) => s.events === 500)?.runs ?? {}).filter((name) => name !== 'direct')
  for (const name of sseTargets) lines.push(`| ${name} | ${f(cpuPerEvent(report, name), 2)} |`)
  lines.push('(The log-off bridges: slope from the 50-event burst at c=64.)')
  lines.push('', ...renderRoutes(report))

  const pk = m.paced
  lines.push('', `| paced stream (${pk.ttftMs} ms to first token, ${pk.events} events ${pk.gapMs} ms apart), c=1 | TTFB p50 ms | added TTFB ms vs direct | longest gap p50 / max ms | errors |`, '|---|---:|---:|---:|---:|')
  const directTtfb = report.paced['direct']?.ttfbMs.p50 ?? 0
  for (const [target, s] of Object.entries(report.paced)) {
    lines.push(`| ${target} | ${f(s.ttfbMs.p50, 2)} | ${target === 'direct' ? '-' : f(s.ttfbMs.p50 - directTtfb, 2)} | ${f(s.maxGapMs.p50, 1)} / ${f(s.maxGapMs.max, 1)} | ${s.errors} |`)
  }
  const rk = m.ramp
  lines.push('', `Ramp of concurrent paced streams (${rk.ttftMs} ms to first token, ${rk.events} events ${rk.gapMs} ms apart); a step stalls when p99 of the longest gap exceeds ${2 * rk.gapMs + 50} ms, p99 TTFB exceeds ${rk.ttftMs + 200} ms, or any stream fails.`, '', `| target | ${rk.steps.map((n) => `×${n}: TTFB p99 / gap p99 ms, errors, RSS MiB`).join(' | ')} | sustained |`, `|---|${rk.steps.map(() => '---:').join('|')}|---:|`)
  for (const r of report.ramps) {
    const cells = rk.steps.map((n) => {
      const step = r.steps.find((s) => s.concurrency === n)
      return step ? `${f(step.ttfbMs.p99)} / ${f(step.maxGapMs.p99)}, ${step.errors}, ${f(step.peakRssMiB)}${step.stalled ? ' ⚠' : ''}` : '-'
    })
    lines.push(`| ${r.target} | ${cells.join(' | ')} | ${r.sustained} |`)
  }
  const mem = report.memory
  lines.push('', `Bridge RSS: idle ${f(mem.idleMiB, 1)} MiB, peak at c=64 ${f(mem.peakC64MiB, 1)} MiB, with 1,000 paced streams ${f(mem.peak1000MiB, 1)} MiB, after load (2 s later) ${f(mem.afterMiB, 1)} MiB.`)
  if ('firstAnswerMs' in report.startup) {
    const st = report.startup
    lines.push(`Compiled binary: ${f(st.binaryMiB, 1)} MiB; first answer (/healthz) ${f(st.firstAnswerMs, 1)} ms after spawn (runs: ${st.firstAnswerRunsMs.map((v) => f(v, 1)).join(', ')}); idle RSS ${f(st.idleRssMiB, 1)} MiB.`)
  } else lines.push(`Compiled binary: not measured (${report.startup.error}).`)
  lines.push('', 'Peers: ' + report.peers.map((p) => (p.ran ? `${p.name} ${p.version ?? ''} — run` : `${p.name} — not run: ${p.why}`)).join('; ') + '.')
  lines.push('', '| target | limit | measured | |', '|---|---|---:|---|')
  for (const check of checkTargets(report)) lines.push(`| ${check.target} | ${check.limit} | ${check.measured} | ${check.met ? 'met' : '**missed**'} |`)
  return lines.join('\n')
}
