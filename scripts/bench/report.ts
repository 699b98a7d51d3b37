/** Benchmark results → a markdown table of medians (min–max) and ratios against the baselines. */
import type { WrkResult } from './wrk.ts'
import { median } from './stream-client.ts'

export type TargetResult = WrkResult & { cpuUsPerRequest: number; rssMiB: number }
export type ScenarioResult = { name: string; connections: number; runs: Record<string, TargetResult[]> }
export type BenchReport = {
  machine: string
  seconds: number
  reps: number
  scenarios: ScenarioResult[]
  paced: Record<string, { ttfbMs: number; maxGapMs: number }>
  memory: { idleMiB: number; peakMiB: number; afterMiB: number }
  startup: { firstAnswerMs: number; binaryMiB: number } | undefined
}

const fixed = (value: number, digits = 0) => value.toFixed(digits)

function spread(values: number[], digits = 0): string {
  if (values.length === 1) return fixed(values[0]!, digits)
  return `${fixed(median(values), digits)} (${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)})`
}

export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [
    `Machine: ${report.machine}. ${report.seconds} s per run, ${report.reps} repetition(s) after a warm-up; medians (min–max).`,
    '',
    '| scenario | target | req/s | × bun pass-through | p50 µs | p99 µs | added p50 µs vs direct | CPU µs/req | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const scenario of report.scenarios) {
    const baseline = median((scenario.runs['bun pass-through'] ?? []).map((r) => r.rps))
    const directP50 = median((scenario.runs['direct'] ?? []).map((r) => r.p50us))
    for (const [target, runs] of Object.entries(scenario.runs)) {
      const rps = runs.map((r) => r.rps)
      const p50 = median(runs.map((r) => r.p50us))
      const errors = runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0)
      lines.push(`| ${scenario.name} | ${target} | ${spread(rps)} | ${baseline ? fixed(median(rps) / baseline, 2) : '-'} | ${fixed(p50)} | ${fixed(median(runs.map((r) => r.p99us)))} | ${target === 'direct' ? '-' : fixed(p50 - directP50)} | ${target === 'direct' ? '-' : fixed(median(runs.map((r) => r.cpuUsPerRequest)))} | ${errors} |`)
    }
  }
  lines.push('', '| paced stream (50 ms TTFT, 20 ms gaps) | TTFB ms | added TTFB ms vs direct | max gap ms |', '|---|---:|---:|---:|')
  const directTtfb = report.paced['direct']?.ttfbMs ?? 0
  for (const [target, timing] of Object.entries(report.paced)) {
    lines.push(`| ${target} | ${fixed(timing.ttfbMs, 2)} | ${target === 'direct' ? '-' : fixed(timing.ttfbMs - directTtfb, 2)} | ${fixed(timing.maxGapMs, 1)} |`)
  }
  lines.push('', `Bridge memory: idle ${fixed(report.memory.idleMiB, 1)} MiB, peak ${fixed(report.memory.peakMiB, 1)} MiB, after load ${fixed(report.memory.afterMiB, 1)} MiB.`)
  if (report.startup) lines.push(`Compiled binary: ${fixed(report.startup.binaryMiB, 1)} MiB, first answer ${fixed(report.startup.firstAnswerMs)} ms after start.`)
  else lines.push('Compiled binary: not built (run `make build` first to measure startup and size).')
  return lines.join('\n')
}
