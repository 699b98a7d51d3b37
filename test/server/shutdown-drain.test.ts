/**
 * SIGTERM against the real server process (`bun src/main.ts`), with streams in flight: it stops
 * accepting, lets a stream that ends within the drain window finish, ends a longer one with the
 * protocol's error event (translated and passthrough), flushes every row to SQLite, exits 0.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { Database } from 'bun:sqlite'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ANTHROPIC_START, anthropicDelta, eventNames, openaiChunk } from '../proxy/fault-harness.ts'
import { startFaultUpstream, type FaultReply, type FaultUpstream } from '../support/fault-upstream.ts'

type Bridge = { process: Bun.Subprocess<'ignore', 'pipe', 'pipe'>; url: string; dataDir: string; dir: string }

let upstream: FaultUpstream | undefined
let bridge: Bridge | undefined
afterEach(async () => {
  bridge?.process.kill('SIGKILL')
  upstream?.stop()
  if (bridge) await rm(bridge.dir, { recursive: true, force: true })
  bridge = undefined
})

const openaiPaced = (deltas: number): FaultReply => ({
  events: [openaiChunk({ role: 'assistant', content: '' }), ...Array.from({ length: deltas }, (_, i) => openaiChunk({ content: `w${i} ` })), openaiChunk({}, 'stop'), 'data: [DONE]\n\n'],
  delayBetweenEventsMs: 100,
})

async function startBridge(upstreamPort: number, drainMs: number): Promise<Bridge> {
  const dir = await mkdtemp(join(tmpdir(), 'llm-bridge-shutdown-'))
  const dataDir = join(dir, 'data')
  const child = Bun.spawn(['bun', 'src/main.ts', '--port', '0', '--data-dir', dataDir, '--allow-host', `127.0.0.1:${upstreamPort}`, '--drain-ms', String(drainMs)], {
    cwd: join(import.meta.dir, '../..'),
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',

  })
  const url = await readListeningUrl(child.stdout)
  return { process: child, url, dataDir, dir }
}

async function readListeningUrl(stdout: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stdout.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const { done, value } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
    const match = text.match(/listening on (http:\/\/\S+)/)
    if (match) {
      void (async () => {
        for (;;) {
          const next = await reader.read()
          if (next.done) return
          // Drained so the child never blocks on a full pipe; its lines are not needed.
        }
      })()
      return match[1]!
    }
  }
  throw new Error(`the bridge did not start: ${text}`)
}

async function mint(url: string, target: Record<string, unknown>, model: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${url}/api/generate-url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ version: 2, source: { protocol: 'anthropic' }, target, model }),
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { proxyUrl: string }).proxyUrl
}

/** Starts a stream and waits for its first chunk, so it is surely in flight; `rest` is the whole text. */
async function openStream(proxyUrl: string): Promise<{ rest: Promise<string> }> {
  const response = await fetch(`${proxyUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'client' },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  })
  expect(response.status).toBe(200)
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const first = await reader.read()
  let text = decoder.decode(first.value, { stream: true })
  // Wrapped: an async function returning a bare promise would wait for it.
  const rest = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return text
        text += decoder.decode(value, { stream: true })
      }
    } catch {
      return `${text}[connection cut]`
    }
  })()
  return { rest }
}

async function exitWithin(child: Bun.Subprocess, ms: number): Promise<number | 'running'> {
  return Promise.race([child.exited, Bun.sleep(ms).then(() => 'running' as const)])
}

describe('graceful shutdown of the real server process', () => {
  test('SIGTERM: no new connections, short streams finish, long ones end with an error event, rows flushed, exit 0', async () => {
    // Request order: short translated (≈1 s), long translated (≈10 s), long passthrough.
    const long = Array.from({ length: 100 }, (_, i) => anthropicDelta(`w${i} `))
    upstream = startFaultUpstream([openaiPaced(8), openaiPaced(100), { events: [...ANTHROPIC_START, ...long], delayBetweenEventsMs: 100 }])
    bridge = await startBridge(upstream.port, 2000)
    const openai = { protocol: 'openai', provider: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: 'sk-upstream-0123456789' } }
    const anthropic = { protocol: 'anthropic', provider: 'anthropic', baseUrl: upstream.url, auth: { type: 'x-api-key', token: 'sk-upstream-0123456789' } }
    const translated = await mint(bridge.url, openai, { mode: 'force', force: 'gpt-4o' })
    const passthrough = await mint(bridge.url, anthropic, { mode: 'passthrough' })
    const short = await openStream(translated)
    const longTranslated = await openStream(translated)
    const longPassthrough = await openStream(passthrough)

    bridge.process.kill('SIGTERM')
    await Bun.sleep(200)
    const health = await fetch(`${bridge.url}/healthz`).then((response) => response.status, () => 'refused')
    expect([503, 'refused']).toContain(health)

    const shortText = await short.rest
    expect(eventNames(shortText).at(-1)).toBe('message_stop')
    for (const text of [await longTranslated.rest, await longPassthrough.rest]) {
      expect(text).not.toContain('[connection cut]')
      expect(eventNames(text).at(-1)).toBe('error')
      expect(text).not.toContain('message_stop')
      expect(text).toContain('shutting down')
    }
    expect(await exitWithin(bridge.process, 5000)).toBe(0)

    const db = new Database(join(bridge.dataDir, 'llm-bridge.sqlite'), { readonly: true })
    const rows = db.query('SELECT status, error_code FROM request_log ORDER BY started_at').all() as { status: number; error_code: string | null }[]
    db.close()
    expect(rows).toHaveLength(3)
    expect(rows[0]).toEqual({ status: 200, error_code: null })
    // Both cut streams say why in their rows (the status was sent before the cut).
    expect(rows.slice(1).map((row) => row.error_code)).toEqual(['UPSTREAM_ERROR', 'UPSTREAM_ERROR'])
  }, 20_000)

  test('a second signal exits at once, without waiting for the drain window', async () => {
    upstream = startFaultUpstream([openaiPaced(100)])
    bridge = await startBridge(upstream.port, 30_000)
    const openai = { protocol: 'openai', provider: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: 'sk-upstream-0123456789' } }
    const stream = await openStream(await mint(bridge.url, openai, { mode: 'force', force: 'gpt-4o' }))
    bridge.process.kill('SIGTERM')
    await Bun.sleep(200)
    expect(await exitWithin(bridge.process, 100)).toBe('running')
    bridge.process.kill('SIGTERM')
    expect(await exitWithin(bridge.process, 3000)).not.toBe('running')
    expect(await stream.rest).toContain('[connection cut]')
  }, 20_000)
})
