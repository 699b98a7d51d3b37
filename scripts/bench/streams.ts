/**
 * Paced streams through the stream client (its own process on the load core): time to first byte
 * at concurrency 1, and a ramp of concurrent paced streams that finds how many a target sustains
 * without stalls, with the bridge's RSS at each step.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requestBody } from './bodies.ts'
import { rssMiB, spawnPinned } from './processes.ts'
import type { StreamSpec, StreamSummary } from './stream-client.ts'
import { RUN_ENV, urlFor, type Target } from './targets.ts'

export type PacedKnobs = { ttftMs: number; gapMs: number; events: number }
export type RampStep = StreamSummary & { concurrency: number; stalled: boolean; peakRssMiB: number }
export type RampResult = { target: string; steps: RampStep[]; sustained: number }

const dir = mkdtempSync(join(tmpdir(), 'llm-bridge-bench-streams-'))

export async function configureMock(mock: string, knobs: Record<string, number>): Promise<void> {
  await fetch(`${mock}/__config`, { method: 'POST', body: JSON.stringify(knobs) })
}

async function runClient(spec: StreamSpec, loadCpu: number | undefined, watchPid?: number): Promise<{ summary: StreamSummary; peakRssMiB: number }> {
  const file = join(dir, `spec-${Bun.hash(JSON.stringify(spec))}.json`)
  writeFileSync(file, JSON.stringify(spec))
  let peak = watchPid === undefined ? 0 : rssMiB(watchPid)
  const sampler = setInterval(() => {
    if (watchPid !== undefined) peak = Math.max(peak, rssMiB(watchPid))
  }, 50)
  try {
    const child = spawnPinned('stream-client', ['bun', 'scripts/bench/stream-client.ts', file], loadCpu, RUN_ENV)
    const output = await new Response(child.proc.stdout as ReadableStream<Uint8Array>).text()
    await child.proc.exited
    const line = output.split('\n').find((l) => l.startsWith('STREAMS_JSON '))
    if (!line) throw new Error(`stream client gave no result: ${output.slice(0, 500)}`)
    return { summary: JSON.parse(line.slice('STREAMS_JSON '.length)) as StreamSummary, peakRssMiB: peak }
  } finally {
    clearInterval(sampler)
  }
}

function specFor(target: Target, concurrency: number, rounds: number): StreamSpec {
  return { url: urlFor(target, true), body: requestBody(target.protocol, { stream: true }), headers: target.headers ?? {}, concurrency, rounds }
}

/** Sequential paced streams per target, interleaved in rounds so drift hits every target alike. */
export async function pacedTtfb(targets: Target[], mock: string, knobs: PacedKnobs, rounds: number, loadCpu: number | undefined): Promise<Record<string, StreamSummary>> {
  await configureMock(mock, knobs)
  const perTarget = new Map<string, StreamSummary[]>()
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const { summary } = await runClient(specFor(target, 1, 4), loadCpu)
      perTarget.set(target.name, [...(perTarget.get(target.name) ?? []), summary])
    }
  }
  const out: Record<string, StreamSummary> = {}
  for (const [name, list] of perTarget) out[name] = mergeSummaries(list)
  return out
}

/** Medians of the per-round figures (each round is 4 streams); errors add up. */
function mergeSummaries(list: StreamSummary[]): StreamSummary {
  const mid = (f: (s: StreamSummary) => number) => {
    const sorted = list.map(f).sort((a, b) => a - b)
    return sorted[Math.floor(sorted.length / 2)] ?? 0
  }
  return {
    streams: list.reduce((n, s) => n + s.streams, 0),
    errors: list.reduce((n, s) => n + s.errors, 0),
    ttfbMs: { p50: mid((s) => s.ttfbMs.p50), p99: Math.max(...list.map((s) => s.ttfbMs.p99)) },
    maxGapMs: { p50: mid((s) => s.maxGapMs.p50), p99: Math.max(...list.map((s) => s.maxGapMs.p99)), max: Math.max(...list.map((s) => s.maxGapMs.max)) },
    totalMs: { p50: mid((s) => s.totalMs.p50), p99: Math.max(...list.map((s) => s.totalMs.p99)) },
  }
}

/**
 * A stream stalls when a gap between its chunks exceeds twice the mock's pacing plus 50 ms, or its
 * first byte comes 200 ms after the mock's first token; a step is sustained with no errors and p99
 * of both within those bounds.
 */
export async function ramp(target: Target, mock: string, knobs: PacedKnobs, steps: number[], loadCpu: number | undefined): Promise<RampResult> {
  await configureMock(mock, knobs)
  const results: RampStep[] = []
  let sustained = 0
  for (const concurrency of steps) {
    const { summary, peakRssMiB } = await runClient(specFor(target, concurrency, 1), loadCpu, target.pid)
    const stalled = summary.errors > 0 || summary.maxGapMs.p99 > 2 * knobs.gapMs + 50 || summary.ttfbMs.p99 > knobs.ttftMs + 200
    results.push({ ...summary, concurrency, stalled, peakRssMiB })
    console.log(`  ramp ${target.name} ×${concurrency}: ttfb p99 ${summary.ttfbMs.p99.toFixed(1)} ms, max gap p99 ${summary.maxGapMs.p99.toFixed(1)} ms, errors ${summary.errors}, RSS ${peakRssMiB.toFixed(0)} MiB${stalled ? ' — STALLED' : ''}`)
    // Sustained = the highest step below the first stall; later steps still run, for their RSS.
    if (!stalled && results.every((step) => !step.stalled)) sustained = concurrency
  }
  return { target: target.name, steps: results, sustained }
}
