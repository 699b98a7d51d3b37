/**
 * What logging costs the proxy's own thread, without the network around it: the e2e pairs of
 * log-cost.ts scatter by several µs per request on this shared VM, more than the figure itself.
 * Each "request" here allocates what a request does (a parsed body, headers, encoded bytes),
 * builds its row the way RequestLogDraft does, and records it, at ~9,000 requests/s; the log is
 * either the real one (writer thread, SQLite) or the metrics-only one of `--request-log off`.
 * Each run is a child process of its own; runs alternate on/off, and the main thread's CPU per
 * request is read with process.threadCpuUsage().
 *
 *   bun scripts/bench/log-proxy-thread.ts [--pairs 5] [--seconds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openRequestLog, type RequestLog, type RequestLogRow } from '../../src/log/index.ts'
import { openMetricsOnlyLog } from '../../src/log/metrics-only-log.ts'
import { newRequestId } from '../../src/proxy/new-request-id.ts'

const args = process.argv
const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
const SECONDS = option('--seconds', 3)
const PAIRS = option('--pairs', 5)
const BODY = JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'x'.repeat(900) }] })
const UPSTREAM_KEY = 'sk-proj-bench0123456789abcdefghijklmnopqrstuvwxyzABCDEF'

let sink = 0

/** One request's allocations and its row, recorded. */
function request(log: RequestLog): void {
  const parsed = JSON.parse(BODY) as { messages: Array<{ content: string }> }
  const headers = new Headers({ 'content-type': 'application/json', 'x-request-id': `r${sink}` })
  sink += new TextEncoder().encode(parsed.messages[0]?.content ?? '').length + (headers.get('content-type')?.length ?? 0)
  // Built up field by field, as RequestLogDraft does.
  const row: RequestLogRow = { requestId: newRequestId(), startedAt: Date.now(), method: 'POST', path: `/${'v1/chat/completions'}`, stream: false, status: 0, attempts: 0, durationMs: 0, warnings: [], bytesIn: 0, bytesOut: 0 }
  row.userAgent = 'claude-cli/1.0.83 (external, cli)'
  Object.assign(row, { tokenId: 'tok_8f2a91c3', label: 'laptop', sourceProtocol: 'anthropic', targetProtocol: 'openai', provider: 'openai', endpointGroup: 'chat' })
  Object.assign(row, { clientModel: 'claude-sonnet-4', upstreamModel: 'gpt-4.1', attempts: 1, bytesIn: 1480, ttfbMs: 3 })
  row.bytesOut += 1024
  row.usage = { inputTokens: 1200, outputTokens: 230, cacheReadTokens: 1024 }
  row.status = 200
  row.durationMs = 5
  log.record(row, { redact: [UPSTREAM_KEY] })
}

/** In the child: one warm-up run, then a measured one; prints µs per request. */
async function child(mode: 'on' | 'off'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bridge-log-thread-'))
  const log = mode === 'off' ? openMetricsOnlyLog() : openRequestLog({ dataDir: dir, logBodies: false })
  const cpu = (): number => {
    const usage = process.threadCpuUsage()
    return usage.user + usage.system
  }
  let result = 0
  for (let round = 0; round < 2; round++) {
    const start = cpu()
    let count = 0
    const end = performance.now() + SECONDS * 1000
    while (performance.now() < end) {
      for (let index = 0; index < 90; index++, count++) request(log)
      await Bun.sleep(10)
    }
    result = (cpu() - start) / count
  }
  await log.close()
  rmSync(dir, { recursive: true, force: true })
  console.log(`RESULT ${result}`)
}

async function run(mode: 'on' | 'off'): Promise<number> {
  const proc = Bun.spawn(['bun', import.meta.path, '--child', mode, '--seconds', String(SECONDS)], { stdout: 'pipe', stderr: 'inherit' })
  const output = await new Response(proc.stdout).text()
  await proc.exited
  const value = Number(/RESULT (\S+)/.exec(output)?.[1])
  if (!Number.isFinite(value)) throw new Error(`no result from the ${mode} run:\n${output}`)
  return value
}

async function main(): Promise<void> {
  if (args.includes('--child')) return child(args[args.indexOf('--child') + 1] === 'off' ? 'off' : 'on')
  const differences: number[] = []
  const offs: number[] = []
  for (let pair = 0; pair < PAIRS; pair++) {
    const order: Array<'on' | 'off'> = pair % 2 === 0 ? ['on', 'off'] : ['off', 'on']
    const results: Record<string, number> = {}
    for (const mode of order) results[mode] = await run(mode)
    differences.push(results.on! - results.off!)
    offs.push(results.off!)
    console.log(`pair ${pair + 1}: log on ${results.on!.toFixed(2)} µs, off ${results.off!.toFixed(2)} µs per request on the main thread`)
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
  console.log(`logging on the proxy's thread: +${median(differences).toFixed(2)} µs per request (median of ${PAIRS} pairs; ` +
    `${differences.map((value) => value.toFixed(2)).join(', ')})`)
}

await main()
