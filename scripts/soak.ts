/**
 * Soak test: N minutes of concurrent streaming traffic through the real bridge (createServer on a
 * temp data dir with a real SQLite log) against the fault-injecting upstream, with random faults:
 * 10% client aborts, 10% upstream drops mid-stream, 10% 429/503 answers. Reports requests,
 * outcomes by kind, RSS and open sockets over time, and whether every request has its log row.
 * Loopback only; stops by itself. CI does not run it.
 *
 *   bun scripts/soak.ts [--minutes 2] [--concurrency 16]
 */
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../src/config.ts'
import { heapStats } from 'bun:jsc'
import { openDataDir } from '../src/data-dir.ts'
import { openRequestLog, type RequestLog } from '../src/log/index.ts'
import { createServer } from '../src/server.ts'
import { sse, startFaultUpstream, type FaultReply } from '../test/support/fault-upstream.ts'

type Options = { minutes: number; concurrency: number }
type Sample = { atSeconds: number; rssMb: number; heapMb: number; sockets: number; upstreamConnections: number }

function parseOptions(argv: string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const at = argv.indexOf(flag)
    const parsed = at === -1 ? Number.NaN : Number(argv[at + 1])
    return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback
  }
  return { minutes: value('--minutes', 2), concurrency: Math.min(256, Math.floor(value('--concurrency', 16))) }
}

/** What the upstream does with one request: 10% drop, 10% 429/503, otherwise a normal stream. */
function faultFor(): FaultReply {
  const roll = Math.random()
  const events = openaiStream(8 + Math.floor(Math.random() * 24))
  if (roll < 0.1) return { events, dropAfterEvents: 3, delayBetweenEventsMs: 5 }
  if (roll < 0.2) {
    const status = Math.random() < 0.5 ? 429 : 503
    return { status, headers: { 'retry-after-ms': '50', 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: `soak ${status}`, type: 'rate_limit_exceeded' } }) }
  }
  return { events, delayBetweenEventsMs: 5 }
}

function openaiStream(deltas: number): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: 'chatcmpl-soak', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o',
    choices: [{ index: 0, delta, finish_reason: finish }],
  })
  const events = [sse(chunk({ role: 'assistant', content: '' }))]
  for (let i = 0; i < deltas; i++) events.push(sse(chunk({ content: `word${i} ` })))
  events.push(sse(chunk({}, 'stop')), 'data: [DONE]\n\n')
  return events
}

async function countSockets(): Promise<number> {
  const entries = await readdir('/proc/self/fd').catch(() => [] as string[])
  const targets = await Promise.all(entries.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')))
  return targets.filter((target) => target.startsWith('socket:')).length
}

/** One client request: streams the answer, or aborts at a random moment (10%). */
async function oneRequest(proxyUrl: string): Promise<string> {
  const client = new AbortController()
  const abortEarly = Math.random() < 0.1
  if (abortEarly) setTimeout(() => client.abort(), 5 + Math.random() * 60)
  try {
    const response = await fetch(`${proxyUrl}/v1/messages`, {
      method: 'POST',
      signal: client.signal,
      headers: { 'content-type': 'application/json', 'x-api-key': 'soak-client' },
      body: JSON.stringify({ model: 'claude-soak', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    })
    if (response.status !== 200) {
      await response.body?.cancel()
      return `http ${response.status}`
    }
    const text = await response.text()
    if (text.includes('event: error')) return 'stream error event'
    return text.includes('event: message_stop') ? 'ok' : 'stream without end'
  } catch (error) {
    return client.signal.aborted ? 'client abort' : `client fetch error ${(error as Error).name}`
  }
}

async function startBridge(upstreamPort: number, dir: string) {
  const data = await openDataDir(join(dir, 'data'), {}, () => {})
  const log: RequestLog = openRequestLog({ dataDir: data.dataDir, logBodies: false, flushIntervalMs: 50 })
  const config: ServerConfig = {
    ...structuredClone(DEFAULT_SERVER_CONFIG),
    port: 0,
    dataDir: data.dataDir,
    allowHosts: [`127.0.0.1:${upstreamPort}`],
    retry: { maxAttempts: 3, maxDelayMs: 200, deadlineMs: 5_000 },
  }
  const bridge = await createServer({ config, keyRing: data.keyRing, serverSecret: data.serverSecret, adminKey: data.adminKey, log })
  // A client that aborts within a few ms may never reach the bridge: count what actually arrived.
  const received = { proxied: 0 }
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    idleTimeout: 60,
    fetch: (request, srv) => {
      if (new URL(request.url).pathname.startsWith('/proxy/')) received.proxied++
      return bridge.fetch(request, srv)
    },
  })
  config.publicUrl = `http://127.0.0.1:${server.port}`
  bridge.setListeningPort(server.port ?? 0)
  return { url: config.publicUrl, log, received, stop: () => void server.stop(true) }
}

async function mint(bridgeUrl: string, upstreamUrl: string): Promise<{ proxyUrl: string; tokenId: string }> {
  const response = await fetch(`${bridgeUrl}/api/generate-url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      version: 2,
      source: { protocol: 'anthropic' },
      target: { protocol: 'openai', provider: 'openai', baseUrl: `${upstreamUrl}/v1`, auth: { type: 'bearer', token: 'sk-soak-upstream-key-0123456789' } },
      model: { mode: 'force', force: 'gpt-4o' },
    }),
  })
  if (response.status !== 200) throw new Error(`generate-url answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as { proxyUrl: string; tokenId: string }
}

/** Log rows of the soak's URL, with their statuses (the bridge logs a client abort as 499). */
async function countLogRows(log: RequestLog, tokenId: string, from: number): Promise<{ rows: number; statuses: Record<number, number> }> {
  await log.flush()
  const stats = await log.stats({ from, to: Date.now() + 1000, bucket: 'hour', tokenId })
  const statuses: Record<number, number> = {}
  let cursor: string | undefined
  for (let page = 0; page < 10_000; page++) {
    const result = await log.query({ tokenId, from, limit: 200, ...(cursor === undefined ? {} : { cursor }) })
    for (const row of result.rows) statuses[row.status] = (statuses[row.status] ?? 0) + 1
    cursor = result.nextCursor
    if (cursor === undefined) break
  }
  return { rows: stats.totals.requests, statuses }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const upstream = startFaultUpstream(() => faultFor())
  const dir = await mkdtemp(join(tmpdir(), 'llm-bridge-soak-'))
  const bridge = await startBridge(upstream.port, dir)
  const { proxyUrl, tokenId } = await mint(bridge.url, upstream.url)
  Bun.gc(true)
  const objectsBefore = heapStats().objectTypeCounts
  const started = Date.now()
  const stopAt = started + options.minutes * 60_000
  const outcomes = new Map<string, number>()
  const samples: Sample[] = []
  let sent = 0
  let upstreamRequests = 0
  const sample = async (): Promise<void> => {
    // The fault upstream records every request; count and forget them so the soak measures the bridge.
    upstreamRequests += upstream.requests.splice(0).length
    const memory = process.memoryUsage()
    samples.push({
      atSeconds: Math.round((Date.now() - started) / 1000),
      rssMb: Math.round(memory.rss / 1048576),
      heapMb: Math.round(memory.heapUsed / 1048576),
      sockets: await countSockets(),
      upstreamConnections: upstream.openConnections(),
    })
    console.log(JSON.stringify({ sample: samples.at(-1), sent }))
  }
  const sampler = setInterval(() => void sample(), Math.min(10_000, options.minutes * 6_000))
  await sample()
  const worker = async (): Promise<void> => {
    while (Date.now() < stopAt) {
      sent++
      const outcome = await oneRequest(proxyUrl)
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  clearInterval(sampler)
  // Let aborted streams unwind and the log writer flush before the final figures.
  await Bun.sleep(1000)
  Bun.gc(true)
  await sample()
  const logged = await countLogRows(bridge.log, tokenId, started - 1000)
  report(options, { sent, received: bridge.received.proxied, upstream: upstreamRequests }, outcomes, samples, logged.rows)
  console.log('log rows by status:', logged.statuses)
  // Collect again: reading every log row back above leaves garbage that is not a leak.
  Bun.gc(true)
  console.log('object types that grew most (after a full GC):', growth(objectsBefore, heapStats().objectTypeCounts))
  bridge.stop()
  upstream.stop()
  await bridge.log.close()
  await rm(dir, { recursive: true, force: true })
  process.exit(logged.rows === bridge.received.proxied ? 0 : 1)
}

type Counts = { sent: number; received: number; upstream: number }

function report(options: Options, counts: Counts, outcomes: Map<string, number>, samples: Sample[], rows: number): void {
  const first = samples[1] ?? samples[0]
  const last = samples.at(-1)
  console.log('\n=== soak report ===')
  console.log(`duration ${options.minutes} min, concurrency ${options.concurrency}`)
  console.log(`client requests ${counts.sent}, received by the bridge ${counts.received}, upstream requests ${counts.upstream} (retries included)`)
  console.log('outcomes:', Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])))
  console.log(`RSS ${first?.rssMb} MB (first sample under load) → ${last?.rssMb} MB (end); max ${Math.max(...samples.map((s) => s.rssMb))} MB`)
  console.log(`sockets at start ${samples[0]?.sockets}, at end ${last?.sockets}; upstream connections open at end ${last?.upstreamConnections}`)
  const verdict = rows === counts.received ? 'every request has its row' : 'MISMATCH'
  console.log(`log rows ${rows} for ${counts.received} requests received: ${verdict}`)
}

/** Where retained memory went: object counts by type, end minus start, largest first. */
function growth(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const grown = Object.entries(after).map(([type, count]) => [type, count - (before[type] ?? 0)] as const)
  return Object.fromEntries(grown.filter(([, delta]) => delta > 100).sort((a, b) => b[1] - a[1]).slice(0, 12))
}

await main()
