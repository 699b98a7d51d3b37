/**
 * Bun's fetch runs at most BUN_CONFIG_MAX_HTTP_REQUESTS upstream calls at once (256 by default)
 * and queues the rest without a word; the bridge cannot raise it for itself (Bun reads it at
 * start), so it says so once when the limit is reached. Checked against the real process with a
 * limit of 2 and an upstream that holds its answers.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BUN_DEFAULT_MAX_HTTP_REQUESTS, fetchLimitOf, fetchLimitWarning, watchFetchLimit } from '../../src/upstream/fetch-limit.ts'

describe('fetch limit', () => {
  test('the limit is read from the environment, Bun’s default otherwise', () => {
    expect(fetchLimitOf({})).toBe(BUN_DEFAULT_MAX_HTTP_REQUESTS)
    expect(fetchLimitOf({ BUN_CONFIG_MAX_HTTP_REQUESTS: '4096' })).toBe(4096)
    for (const bad of ['', '0', '-3', 'many', '2.5']) expect(fetchLimitOf({ BUN_CONFIG_MAX_HTTP_REQUESTS: bad })).toBe(BUN_DEFAULT_MAX_HTTP_REQUESTS)
  })

  test('the watcher says the warning once, only when the count reaches the limit', async () => {
    let count = 0
    const lines: string[] = []
    const stop = watchFetchLimit(() => count, 3, (line) => lines.push(line), 5)
    await Bun.sleep(30)
    expect(lines).toEqual([])
    count = 3
    await Bun.sleep(30)
    count = 10
    await Bun.sleep(30)
    stop()
    expect(lines).toEqual([fetchLimitWarning(3)])
    expect(lines[0]).toContain('BUN_CONFIG_MAX_HTTP_REQUESTS=4096')
  })
})

describe('fetch limit, real process', () => {
  let dir: string | undefined
  let child: Bun.Subprocess<'ignore', 'pipe', 'pipe'> | undefined
  let upstream: ReturnType<typeof Bun.serve> | undefined
  afterEach(async () => {
    child?.kill('SIGKILL')
    upstream?.stop(true)
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test('with BUN_CONFIG_MAX_HTTP_REQUESTS=2, a third concurrent request waits and the bridge says why', async () => {
    let inFlight = 0
    let peak = 0
    upstream = Bun.serve({
      port: 0, hostname: '127.0.0.1', idleTimeout: 0,
      async fetch() {
        inFlight++
        peak = Math.max(peak, inFlight)
        await Bun.sleep(1_500)
        inFlight--
        return Response.json({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] })
      },
    })
    dir = await mkdtemp(join(tmpdir(), 'llm-bridge-fetch-limit-'))
    child = Bun.spawn(['bun', 'src/main.ts', '--port', '0', '--data-dir', join(dir, 'data'), '--allow-host', `127.0.0.1:${upstream.port}`], {
      cwd: join(import.meta.dir, '../..'), stdin: 'ignore', stdout: 'pipe', stderr: 'pipe',
      env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: '2' },
    })
    const output = readLines(child.stdout)
    const url = await output.waitFor(/listening on (http:\/\/\S+)/)
    const minted = await fetch(`${url}/api/generate-url`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: 2, source: { protocol: 'openai' }, target: { protocol: 'openai', baseUrl: `http://127.0.0.1:${upstream.port}/v1`, auth: { type: 'bearer', token: 'sk-limit-test-0123' } }, model: { mode: 'passthrough' } }),
    })
    const { proxyUrl } = (await minted.json()) as { proxyUrl: string }
    const ask = () => fetch(`${proxyUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) })
    const answers = await Promise.all([ask(), ask(), ask()])
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200])
    // Bun's queueing, the reason for the warning: never more than two upstream calls at once.
    expect(peak).toBe(2)
    const warning = await output.waitFor(/(llm-bridge: 2 proxied requests in flight.*)/)
    expect(warning).toContain('BUN_CONFIG_MAX_HTTP_REQUESTS=4096')
  }, 20_000)
})

/** The child's stdout as it comes, with a wait for the first line matching a pattern (its group 1). */
function readLines(stdout: ReadableStream<Uint8Array>): { waitFor: (pattern: RegExp) => Promise<string> } {
  let text = ''
  const decoder = new TextDecoder()
  void (async () => {
    const reader = stdout.getReader()
    for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value, { stream: true })
  })()
  return {
    async waitFor(pattern) {
      for (let waited = 0; waited < 10_000; waited += 20) {
        const match = text.match(pattern)
        if (match) return match[1]!
        await Bun.sleep(20)
      }
      throw new Error(`not seen within 10 s: ${pattern}\n${text}`)
    },
  }
}
