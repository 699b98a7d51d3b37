/**
 * What one request-log row costs, in µs of CPU, without the proxy around it (logging must
 * cost < 5 % of throughput). Rows shaped like the proxy's (success, usage, warnings, user agent,
 * path, the upstream key to redact) go through openRequestLog on a temp dir: record() on the
 * request path, then the writer's batch. A second loop times each stage on its own (metrics,
 * sanitise/redact, column mapping, SQLite insert), so a change can be aimed at what dominates.
 *
 * With --e2e it measures the proxy instead: two bridges on the proxy core, one with the log on and
 * one with it off (the same pair `make bench` starts), JSON 1 KB at c=64 through wrk, in short
 * runs that alternate on/off so the shared machine's drift hits both alike; the median of the
 * per-pair ratios is the figure (throughput and CPU µs per request). With --stream the requests
 * are streamed (the mock's 50-event SSE burst) instead of JSON.
 *
 * --grown N first fills the log with N rows, as a log holds after weeks of use (30 days or 1 GiB
 * by default): what a b-tree insert costs depends on whether its pages are still in SQLite's
 * cache. --ids random makes request ids random UUIDs instead of the proxy's ascending ones, to
 * show why they ascend.
 *
 *   bun scripts/bench/log-cost.ts [--rows 20000] [--batch 500] [--rounds 3] [--grown 200000] [--ids random]
 *   bun scripts/bench/log-cost.ts --e2e [--pairs 9] [--seconds 2] [--passthrough-only] [--stream] [--writer-core 1] [--grown N]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findProvider } from '../../src/core/catalog/providers.ts'
import { catalogPriceLookup, LOG_FILE_NAME, LogMetrics, openRequestLog, type RequestLogRow } from '../../src/log/index.ts'
import { sanitizeRow } from '../../src/log/sanitize-row.ts'
import { toColumns } from '../../src/log/sqlite/row-columns.ts'
import { SqliteLogStore } from '../../src/log/sqlite/sqlite-store.ts'
import { newRequestId } from '../../src/proxy/new-request-id.ts'
import { requestBody } from './bodies.ts'
import { grow, proxyRow, randomId, UPSTREAM_KEY } from './log-rows.ts'
import { coreTimes, cpuByThreadName, cpuMicros, stopAll, threadsNamed } from './processes.ts'
import { configureMock } from './streams.ts'
import { startWorld, type Target } from './targets.ts'
import { runWrk } from './wrk.ts'

const args = process.argv
const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
const ROWS = option('--rows', 20_000)
const BATCH = option('--batch', 500)
const ROUNDS = option('--rounds', 3)
const GROWN = option('--grown', 0)
const requestId = args.includes('--ids') && args[args.indexOf('--ids') + 1] === 'random' ? randomId : newRequestId
const row = (): RequestLogRow => proxyRow(requestId)

const signed = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const fmt = (us: number): string => us.toFixed(2).padStart(7)

/** record() as the proxy calls it, then the writer's flush: µs per row for each side. */
async function endToEnd(dir: string): Promise<{ record: number; write: number }> {
  grow(join(dir, LOG_FILE_NAME), GROWN, { batch: BATCH, requestId })
  // The timer never fires during the loop: the batches are written by flush(), which is timed.
  const log = openRequestLog({ dataDir: dir, logBodies: false, flushIntervalMs: 60_000, batchSize: BATCH, maxQueue: ROWS + BATCH })
  const rows = Array.from({ length: ROWS }, row)
  const secrets = { redact: [UPSTREAM_KEY] }
  const recordStart = performance.now()
  for (const row of rows) log.record(row, secrets)
  const recordUs = ((performance.now() - recordStart) * 1000) / ROWS
  const writeStart = performance.now()
  await log.flush()
  const writeUs = ((performance.now() - writeStart) * 1000) / ROWS
  if (log.health().writeErrors > 0) throw new Error(`write errors: ${log.health().lastError}`)
  await log.close()
  return { record: recordUs, write: writeUs }
}

type Stages = { metrics: number; sanitize: number; columns: number; insert: number }

/** The same work stage by stage (the insert through the store, batch by batch, in transactions). */
function byStage(dir: string): Stages {
  const metrics = new LogMetrics(() => ({ queued: 0, dropped: 0, writeErrors: 0, rowsWritten: 0, writeSeconds: 0, storeSeconds: 0, readSeconds: 0 }))
  const options = { logBodies: false, prices: catalogPriceLookup(findProvider) }
  grow(join(dir, 'stages.sqlite'), GROWN, { batch: BATCH, requestId })
  const store = new SqliteLogStore(join(dir, 'stages.sqlite'))
  const rows = Array.from({ length: ROWS }, row)
  const secrets = [UPSTREAM_KEY]
  let start = performance.now()
  for (const row of rows) metrics.observe(row)
  const metricsMs = performance.now() - start
  start = performance.now()
  const clean = rows.map((row) => sanitizeRow(row, secrets, options))
  const sanitizeMs = performance.now() - start
  start = performance.now()
  for (const row of clean) toColumns(row)
  const columnsMs = performance.now() - start
  start = performance.now()
  for (let index = 0; index < clean.length; index += BATCH) store.insertBatch(clean.slice(index, index + BATCH))
  const insertMs = performance.now() - start
  store.close()
  const perRow = (ms: number): number => (ms * 1000) / ROWS
  return { metrics: perRow(metricsMs), sanitize: perRow(sanitizeMs), columns: perRow(columnsMs), insert: perRow(insertMs) }
}

/** cpuUs: the whole process per request; mainUs: its main thread only (the proxy's thread). */
/** busy: each core's busy fraction during the run (which core limits the throughput). */
type Run = { rps: number; cpuUs: number; mainUs: number; errors: number; byThread: Map<string, number>; busy: number[] }

async function load(target: Target, seconds: number, cpu: number | undefined): Promise<Run> {
  const before = cpuMicros(target.pid)
  const mainBefore = cpuMicros(target.pid, target.pid)
  const threadsBefore = cpuByThreadName(target.pid)
  const coresBefore = coreTimes()
  const result = await runWrk({ url: target.url, body: requestBody(target.protocol, { stream: args.includes('--stream') }), connections: 64, seconds, ...(cpu === undefined ? {} : { cpu }) })
  const perRequest = (micros: number): number => (result.requests > 0 ? micros / result.requests : 0)
  const byThread = new Map<string, number>()
  for (const [name, micros] of cpuByThreadName(target.pid)) byThread.set(name, perRequest(micros - (threadsBefore.get(name) ?? 0)))
  const busy = coreTimes().map((core, index) => {
    const start = coresBefore[index] ?? { busy: 0, total: 0 }
    return (core.busy - start.busy) / Math.max(core.total - start.total, 1)
  })
  return {
    byThread,
    busy,
    rps: result.rps,
    cpuUs: perRequest(cpuMicros(target.pid) - before),
    mainUs: perRequest(cpuMicros(target.pid, target.pid) - mainBefore),
    errors: result.errors + result.non2xx,
  }
}

/**
 * --writer-core N moves the log-on bridge's writer thread to core N (the load generator's), as on
 * a host where the proxy does not share its core with the log: the benchmark otherwise pins the
 * whole bridge, both threads, to one core.
 */
async function placeWriterThread(pid: number, target: Target): Promise<string> {
  if (!args.includes('--writer-core')) return 'writer thread on the proxy core'
  const core = option('--writer-core', 1)
  // The thread starts with the first batch of rows: one request, then wait for it to appear.
  await (await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: requestBody(target.protocol, { stream: false }) })).arrayBuffer()
  let threads = threadsNamed(pid, 'Worker')
  for (let wait = 0; wait < 100 && threads.length === 0; wait++) {
    await Bun.sleep(20)
    threads = threadsNamed(pid, 'Worker')
  }
  if (threads.length !== 1) throw new Error(`expected one writer thread in ${pid}, found ${threads.length}`)
  const moved = Bun.spawnSync(['taskset', '-p', '-c', String(core), String(threads[0])])
  if (moved.exitCode !== 0) throw new Error(`taskset failed: ${moved.stderr.toString()}`)
  return `writer thread moved to core ${core}`
}

/** Log-on vs log-off bridge, JSON (or SSE with --stream) at c=64, alternating short runs; medians of per-pair ratios. */
async function endToEndProxy(): Promise<void> {
  const pairs = option('--pairs', 9)
  const seconds = option('--seconds', 2)
  const multiCore = navigator.hardwareConcurrency > 1
  const [proxyCpu, loadCpu] = multiCore ? [0, 1] : [undefined, undefined]
  const world = await startWorld({ proxyCpu, loadCpu, peers: false })
  try {
    await configureMock(world.mock, { responseBytes: 1024, events: 50, deltaChars: 8, ttftMs: 0, gapMs: 0 })
    // The log-on bridge is dataDirs[0]; it has its file open already, and WAL lets a second writer in.
    grow(join(world.dataDirs[0]!, LOG_FILE_NAME), GROWN, { batch: BATCH, requestId })
    if (GROWN > 0) console.log(`log-on bridge's log grown to ${GROWN} rows first`)
    const first = world.targets.find((target) => target.kind === 'bridge' && target.log === 'on')
    if (!first) throw new Error('no log-on bridge')
    const placement = await placeWriterThread(world.bridgePid, first)
    console.log(placement)
    const routes = args.includes('--passthrough-only') ? (['openai→openai'] as const) : (['openai→openai', 'anthropic→openai'] as const)
    for (const route of routes) {
      const on = world.targets.find((target) => target.kind === 'bridge' && target.route === route && target.log === 'on')
      const off = world.targets.find((target) => target.kind === 'bridge' && target.route === route && target.log === 'off')
      if (!on || !off) throw new Error(`no bridge pair for ${route}`)
      await load(on, 1, loadCpu)
      await load(off, 1, loadCpu)
      const rpsRatios: number[] = []
      const cpuRatios: number[] = []
      // Per-pair differences (µs per request): the two runs of a pair are adjacent, so drift cancels.
      const mainDiffs: number[] = []
      const cpuDiffs: number[] = []
      const runs: Record<'on' | 'off', Run[]> = { on: [], off: [] }
      for (let pair = 0; pair < pairs; pair++) {
        // Alternate which goes first: a drift within a pair then favours neither side.
        const order = pair % 2 === 0 ? [on, off] : [off, on]
        const [first, second] = [await load(order[0]!, seconds, loadCpu), await load(order[1]!, seconds, loadCpu)]
        const [withLog, withoutLog] = pair % 2 === 0 ? [first, second] : [second, first]
        runs.on.push(withLog)
        runs.off.push(withoutLog)
        rpsRatios.push(withLog.rps / withoutLog.rps)
        cpuRatios.push(withLog.cpuUs / withoutLog.cpuUs)
        mainDiffs.push(withLog.mainUs - withoutLog.mainUs)
        cpuDiffs.push(withLog.cpuUs - withoutLog.cpuUs)
      }
      const errors = [...runs.on, ...runs.off].reduce((sum, run) => sum + run.errors, 0)
      const rpsOn = median(runs.on.map((run) => run.rps))
      const rpsOff = median(runs.off.map((run) => run.rps))
      console.log(`${route.padEnd(18)} log on ${rpsOn.toFixed(0)} req/s ${median(runs.on.map((run) => run.cpuUs)).toFixed(0)} µs CPU/req · ` +
        `log off ${rpsOff.toFixed(0)} req/s ${median(runs.off.map((run) => run.cpuUs)).toFixed(0)} µs CPU/req · ` +
        `proxy thread ${median(runs.on.map((run) => run.mainUs)).toFixed(0)} vs ${median(runs.off.map((run) => run.mainUs)).toFixed(0)} µs/req · ` +
        `on/off throughput ${median(rpsRatios).toFixed(3)} (cost ${((1 - median(rpsRatios)) * 100).toFixed(1)} %), ` +
        `CPU per request ${median(cpuRatios).toFixed(3)} · ${pairs} pairs of ${seconds} s · errors ${errors}`)
      console.log(`  µs CPU per request by thread, log on / off: ${threadBreakdown(runs.on, runs.off)}`)
      const busyOf = (list: Run[]): string => (list[0]?.busy ?? []).map((_, core) => `${(median(list.map((run) => run.busy[core] ?? 0)) * 100).toFixed(0)} %`).join(' / ')
      console.log(`  cores busy (core 0 / core 1…), log on: ${busyOf(runs.on)}; log off: ${busyOf(runs.off)}`)
      console.log(`  log on − off, median of the pairs: proxy thread ${signed(median(mainDiffs))} µs/req (${signed((median(mainDiffs) / median(runs.off.map((run) => run.mainUs))) * 100)} %), ` +
        `whole process ${signed(median(cpuDiffs))} µs/req (${signed((median(cpuDiffs) / median(runs.off.map((run) => run.cpuUs))) * 100)} %)`)
    }
    const writer = await writerCost(world.targets.find((target) => target.kind === 'bridge' && target.log === 'on')!)
    console.log(`log inside the log-on bridge (its /metrics): ${writer.rows} rows; per row ${writer.usPerRow.toFixed(2)} µs on the proxy's thread ` +
      `(sanitising, handing over), ${writer.threadUsPerRow.toFixed(2)} µs on the writer thread (SQLite)`)
  } finally {
    stopAll(world.children)
    await Promise.all(world.children.map((child) => child.proc.exited))
    for (const dir of world.dataDirs) rmSync(dir, { recursive: true, force: true })
  }
}

/** Median µs per request of each thread name (the main thread is the process's own name), on / off. */
function threadBreakdown(on: Run[], off: Run[]): string {
  const names = [...new Set([...on, ...off].flatMap((run) => [...run.byThread.keys()]))]
  const of = (runs: Run[], name: string): number => median(runs.map((run) => run.byThread.get(name) ?? 0))
  return names
    .map((name) => ({ name, on: of(on, name), off: of(off, name) }))
    .filter((thread) => thread.on >= 0.05 || thread.off >= 0.05)
    .sort((a, b) => b.on - a.on)
    .map((thread) => `${thread.name} ${thread.on.toFixed(1)} / ${thread.off.toFixed(1)}`)
    .join(' · ')
}

/**
 * The log's own account, read from the bridge's /metrics: llm_bridge_log_write_seconds_total (the
 * proxy's thread) and llm_bridge_log_store_seconds_total (the writer thread), per row written.
 */
async function writerCost(target: Target): Promise<{ rows: number; usPerRow: number; threadUsPerRow: number }> {
  const origin = new URL(target.url).origin
  const text = await (await fetch(`${origin}/metrics`)).text()
  const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN)
  const rows = value('llm_bridge_log_rows_written_total')
  const perRow = (name: string): number => (value(name) * 1e6) / rows
  return { rows, usPerRow: perRow('llm_bridge_log_write_seconds_total'), threadUsPerRow: perRow('llm_bridge_log_store_seconds_total') }
}

async function main(): Promise<void> {
  if (args.includes('--e2e')) return endToEndProxy()
  const results: Array<{ record: number; write: number } & Stages> = []
  for (let round = 0; round <= ROUNDS; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'llm-bridge-log-cost-'))
    try {
      const whole = await endToEnd(dir)
      const stages = byStage(dir)
      // Round 0 warms the JIT and the page cache; it is not reported.
      if (round > 0) results.push({ ...whole, ...stages })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const pick = (key: keyof (typeof results)[number]): number => median(results.map((result) => result[key]))
  const record = pick('record')
  const write = pick('write')
  console.log(`${ROWS} rows × ${ROUNDS} rounds, batch ${BATCH}, into a log of ${GROWN} rows; medians, µs per row`)
  console.log(`record() on the request path  ${fmt(record)}`)
  console.log(`batch write (writer flush)    ${fmt(write)}`)
  console.log(`total                         ${fmt(record + write)}`)
  console.log('by stage:')
  console.log(`  metrics.observe             ${fmt(pick('metrics'))}`)
  console.log(`  sanitize + redact + cost    ${fmt(pick('sanitize'))}`)
  console.log(`  toColumns                   ${fmt(pick('columns'))}`)
  console.log(`  insert (incl. toColumns)    ${fmt(pick('insert'))}`)
}

await main()
