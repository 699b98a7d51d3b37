/**
 * One fixed-concurrency scenario: every target gets a 1 s warm-up, then `reps` interleaved wrk runs
 * (target A, B, C, A, B, C, …, so drift on a shared machine hits all of them alike). Around each
 * run: CPU time of the target's process from /proc (µs per request) and its RSS sampled every 50 ms.
 */
import { cpuMicros, rssMiB } from './processes.ts'
import type { ClientProtocol } from './bodies.ts'
import { urlFor, type Target } from './targets.ts'
import { median } from './stream-client.ts'
import { runWrk, type WrkResult } from './wrk.ts'

export type RunResult = WrkResult & { cpuUsPerRequest: number; peakRssMiB: number }
export type ScenarioResult = { name: string; kind: 'json' | 'sse' | 'large'; connections: number; events?: number; runs: Record<string, RunResult[]> }

export type ScenarioSpec = {
  name: string
  kind: ScenarioResult['kind']
  connections: number
  events?: number
  body: (protocol: ClientProtocol) => string
  targets: Target[]
}

async function measure(target: Target, url: string, body: string, connections: number, seconds: number, loadCpu: number | undefined): Promise<RunResult> {
  let peak = rssMiB(target.pid)
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(target.pid))
  }, 50)
  const cpuBefore = cpuMicros(target.pid)
  try {
    const result = await runWrk({ url, body, connections, seconds, ...(target.headers ? { headers: target.headers } : {}), ...(loadCpu === undefined ? {} : { cpu: loadCpu }) })
    const cpu = cpuMicros(target.pid) - cpuBefore
    return { ...result, cpuUsPerRequest: result.requests > 0 ? cpu / result.requests : 0, peakRssMiB: Math.max(peak, rssMiB(target.pid)) }
  } finally {
    clearInterval(sampler)
  }
}

export async function runScenario(spec: ScenarioSpec, options: { seconds: number; reps: number; loadCpu: number | undefined }): Promise<ScenarioResult> {
  const runs = new Map<string, RunResult[]>()
  const stream = spec.kind === 'sse'
  for (const target of spec.targets) {
    await runWrk({ url: urlFor(target, stream), body: spec.body(target.protocol), connections: spec.connections, seconds: 1, ...(target.headers ? { headers: target.headers } : {}) })
  }
  for (let rep = 0; rep < options.reps; rep++) {
    for (const target of spec.targets) {
      const list = runs.get(target.name) ?? []
      list.push(await measure(target, urlFor(target, stream), spec.body(target.protocol), spec.connections, options.seconds, options.loadCpu))
      runs.set(target.name, list)
    }
  }
  const line = [...runs.entries()].map(([name, r]) => `${name} ${Math.round(median(r.map((x) => x.rps)))}`).join(', ')
  console.log(`  ${spec.name} (req/s): ${line}`)
  return { name: spec.name, kind: spec.kind, connections: spec.connections, ...(spec.events === undefined ? {} : { events: spec.events }), runs: Object.fromEntries(runs) }
}
