/**
 * What reading the request log does to the requests in flight ("without slowing the
 * proxy"). A bridge whose log already holds --rows rows over 30 days serves JSON at a steady c=8
 * while the console's heaviest reads run back to back: 30 days of stats, and a filter no row
 * matches (a full scan). The same load runs without the reads, alternating, and the table shows
 * throughput and latency of the proxied requests both ways. --src runs another checkout's bridge
 * (e.g. a worktree of an older commit) for a before/after comparison on the same log.
 *
 *   bun scripts/bench/log-reads.ts [--rows 300000] [--seconds 4] [--pairs 3] [--src DIR]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { LOG_FILE_NAME } from '../../src/log/index.ts'
import { requestBody } from './bodies.ts'
import { grow } from './log-rows.ts'
import { freePort, rssMiB, RUN_ENV, spawnPinned, stopAll, waitForHttp, type Child } from './processes.ts'
import { configureMock } from './streams.ts'
import { CHAT_PATH, mint } from './targets.ts'
import { ensureWrk, runWrk, type WrkResult } from './wrk.ts'

const args = process.argv
const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
const ROWS = option('--rows', 300_000)
const SECONDS = option('--seconds', 4)
const PAIRS = option('--pairs', 3)
const SRC = resolve(args.includes('--src') ? args[args.indexOf('--src') + 1]! : '.')
const DAY = 86_400_000
const multiCore = navigator.hardwareConcurrency > 1
const [PROXY_CPU, LOAD_CPU] = multiCore ? [0, 1] : [undefined, undefined]

type Reads = { count: number; totalMs: number; failures: number }

/** The console's heaviest reads, one after another until `stop` says so. */
async function readLoop(origin: string, stop: () => boolean): Promise<Reads> {
  const reads: Reads = { count: 0, totalMs: 0, failures: 0 }
  const paths = [`/api/stats?from=${Date.now() - 30 * DAY}&bucket=day`, '/api/logs?model=no-such-model']
  while (!stop()) {
    const started = performance.now()
    const response = await fetch(`${origin}${paths[reads.count % paths.length]}`)
    await response.arrayBuffer()
    if (!response.ok) reads.failures += 1
    reads.count += 1
    reads.totalMs += performance.now() - started
  }
  return reads
}

async function main(): Promise<void> {
  await ensureWrk()
  const children: Child[] = []
  const dataDir = mkdtempSync(join(tmpdir(), 'llm-bridge-log-reads-'))
  try {
    const growStart = performance.now()
    grow(join(dataDir, LOG_FILE_NAME), ROWS, { spanMs: 30 * DAY })
    console.log(`log grown to ${ROWS} rows over 30 days in ${((performance.now() - growStart) / 1000).toFixed(1)} s; bridge from ${SRC}`)
    const mockPort = await freePort()
    const mock = `http://127.0.0.1:${mockPort}`
    children.push(spawnPinned('mock', ['bun', 'scripts/bench/mock-upstream.ts', '--port', String(mockPort)], LOAD_CPU))
    await waitForHttp(`${mock}/__health`)
    await configureMock(mock, { responseBytes: 1024, events: 50, deltaChars: 8, ttftMs: 0, gapMs: 0 })
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    children.push(spawnPinned('bridge', ['bun', join(SRC, 'src', 'main.ts'), '--port', String(port), '--data-dir', dataDir, '--allow-host', `127.0.0.1:${mockPort}`], PROXY_CPU, RUN_ENV))
    await waitForHttp(`${origin}/healthz`)
    const url = `${await mint(origin, 'openai', 'openai', mock)}${CHAT_PATH.openai}`
    const body = requestBody('openai', { stream: false })
    const bridgePid = children[1]!.pid
    const peakMiB = { quiet: 0, reading: 0 }
    const load = async (phase?: 'quiet' | 'reading'): Promise<WrkResult> => {
      const sampler = setInterval(() => {
        if (phase !== undefined) peakMiB[phase] = Math.max(peakMiB[phase], rssMiB(bridgePid))
      }, 50)
      try {
        return await runWrk({ url, body, connections: 8, seconds: SECONDS, ...(LOAD_CPU === undefined ? {} : { cpu: LOAD_CPU }) })
      } finally {
        clearInterval(sampler)
      }
    }
    await load()
    const quiet: WrkResult[] = []
    const reading: WrkResult[] = []
    const reads: Reads[] = []
    for (let pair = 0; pair < PAIRS; pair++) {
      quiet.push(await load('quiet'))
      let done = false
      const loop = readLoop(origin, () => done)
      reading.push(await load('reading'))
      done = true
      reads.push(await loop)
    }
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
    const line = (name: string, runs: WrkResult[]): string =>
      `${name.padEnd(26)} ${median(runs.map((run) => run.rps)).toFixed(0).padStart(7)} req/s   p50 ${(median(runs.map((run) => run.p50us)) / 1000).toFixed(2).padStart(7)} ms   p99 ${(median(runs.map((run) => run.p99us)) / 1000).toFixed(2).padStart(8)} ms   errors ${runs.reduce((sum, run) => sum + run.errors + run.non2xx, 0)}`
    const readCount = reads.reduce((sum, r) => sum + r.count, 0)
    const readMs = reads.reduce((sum, r) => sum + r.totalMs, 0)
    console.log(`JSON 1 KB at c=8, ${SECONDS} s runs, ${PAIRS} pairs (medians):`)
    console.log(line('no log reads', quiet))
    console.log(line('heavy log reads meanwhile', reading))
    console.log(`bridge RSS, highest sample: ${peakMiB.quiet.toFixed(0)} MiB without reads, ${peakMiB.reading.toFixed(0)} MiB with them`)
    console.log(`log reads: ${readCount} (${(readMs / Math.max(readCount, 1)).toFixed(0)} ms each on average), failed ${reads.reduce((sum, r) => sum + r.failures, 0)}`)
  } finally {
    stopAll(children)
    await Promise.all(children.map((child) => child.proc.exited))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
