/**
 * The compiled-binary smoke test: build dist-like llm-bridge once into a temp dir, start it on a
 * random port with a temporary data directory, and use it as a newcomer would.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import { buildBinary } from '../../scripts/build-binary.ts'

let workDir: string
let binary: string
let upstream: ReturnType<typeof Bun.serve>
let bridge: Subprocess<'ignore', 'pipe', 'pipe'>
let bridgeUrl: string
let stdoutSoFar = ''
const upstreamSeen: { path: string; authorization: string | null; model: unknown }[] = []

/** Reads the child's stdout until a line matches (the startup line), keeping what it read. */
async function waitForLine(stream: ReadableStream<Uint8Array>, pattern: RegExp): Promise<RegExpMatchArray> {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  try {
    for (;;) {
      const match = stdoutSoFar.match(pattern)
      if (match) return match
      const { value, done } = await reader.read()
      if (done) throw new Error(`llm-bridge exited before printing ${pattern}: ${stdoutSoFar}`)
      stdoutSoFar += decoder.decode(value, { stream: true })
    }
  } finally {
    reader.releaseLock()
  }
}

function mockOpenAi(request: Request, body: { model?: string; stream?: boolean }): Response {
  upstreamSeen.push({ path: new URL(request.url).pathname, authorization: request.headers.get('authorization'), model: body.model })
  if (!body.stream) {
    return Response.json({ id: 'c1', object: 'chat.completion', created: 1, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }] })
  }
  const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c2', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`
  return new Response(`${chunk('po')}${chunk('ng')}data: [DONE]\n\n`, { headers: { 'content-type': 'text/event-stream' } })
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'llm-bridge-binary-'))
  binary = await buildBinary(join(workDir, 'llm-bridge'))
  upstream = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: async (request) => mockOpenAi(request, (await request.json()) as { model?: string; stream?: boolean }) })
  bridge = Bun.spawn([binary, '--port', '0', '--data-dir', join(workDir, 'data'), '--allow-host', `127.0.0.1:${upstream.port}`], {
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const match = await waitForLine(bridge.stdout, /llm-bridge listening on (http:\/\/127\.0\.0\.1:\d+)/)
  bridgeUrl = match[1] ?? ''
}, 120_000)

afterAll(async () => {
  if (bridge && bridge.exitCode === null) bridge.kill('SIGKILL')
  await upstream?.stop(true)
  await rm(workDir, { recursive: true, force: true })
})

async function mint(): Promise<string> {
  const response = await fetch(`${bridgeUrl}/api/generate-url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      version: 2,
      source: { protocol: 'openai' },
      target: { protocol: 'openai', baseUrl: `http://127.0.0.1:${upstream.port}/v1`, auth: { type: 'bearer', token: 'sk-upstream' } },
      model: { mode: 'map', map: { 'gpt-4o': 'mock-model' } },
    }),
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { proxyUrl: string }).proxyUrl
}

describe('the compiled binary', () => {
  test('creates its data directory with a private secret and says where', async () => {
    expect(stdoutSoFar).toContain(join(workDir, 'data', 'secret.key'))
    expect((await stat(join(workDir, 'data', 'secret.key'))).mode & 0o777).toBe(0o600)
  })

  test('answers /healthz', async () => {
    const response = await fetch(`${bridgeUrl}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok', version: expect.any(String), log: { ok: true, queued: 0, dropped: 0, writeErrors: 0 } })
  })

  test('serves the embedded console', async () => {
    const response = await fetch(`${bridgeUrl}/`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<html')
  })

  test('mints a URL whose passthrough reaches the mock upstream, non-streaming and streaming', async () => {
    const proxyUrl = await mint()
    const call = (stream: boolean) =>
      fetch(`${proxyUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer any-value' },
        body: JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: 'ping' }] }),
      })
    const plain = await call(false)
    expect(plain.status).toBe(200)
    expect(((await plain.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('pong')

    const streamed = await call(true)
    expect(streamed.status).toBe(200)
    expect(streamed.headers.get('content-type')).toContain('text/event-stream')
    const text = await streamed.text()
    expect(text).toContain('"content":"po"')
    expect(text).toContain('data: [DONE]')

    expect(upstreamSeen).toEqual([
      { path: '/v1/chat/completions', authorization: 'Bearer sk-upstream', model: 'mock-model' },
      { path: '/v1/chat/completions', authorization: 'Bearer sk-upstream', model: 'mock-model' },
    ])
  })

  test('logs both requests through its writer thread (a second entry point of the bundle)', async () => {
    type Page = { rows: { status: number; stream: boolean; upstreamModel?: string }[] }
    let page: Page = { rows: [] }
    // The writer hands a batch over every 75 ms; give it up to ~5 s on a loaded machine.
    for (let attempt = 0; attempt < 100 && page.rows.length < 2; attempt++) {
      await Bun.sleep(50)
      page = (await (await fetch(`${bridgeUrl}/api/logs`)).json()) as Page
    }
    expect(page.rows.map((row) => [row.status, row.stream, row.upstreamModel]).sort()).toEqual([[200, false, 'mock-model'], [200, true, 'mock-model']])
    const health = (await (await fetch(`${bridgeUrl}/healthz`)).json()) as { log?: { ok: boolean; writeErrors: number } }
    expect(health.log).toMatchObject({ ok: true, writeErrors: 0 })
  })

  test("counts an OpenAI model's tokens with its tokenizer, whose ranks the binary embeds and loads on first use", async () => {
    const response = await fetch(`${bridgeUrl}/api/generate-url`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: 2,
        source: { protocol: 'anthropic' },
        target: { protocol: 'openai', baseUrl: `http://127.0.0.1:${upstream.port}/v1`, auth: { type: 'bearer', token: 'sk-upstream' } },
        model: { mode: 'force', force: 'gpt-4o' },
      }),
    })
    const { proxyUrl } = (await response.json()) as { proxyUrl: string }
    const count = await fetch(`${proxyUrl}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hello, world' }] }),
    })
    expect(count.status).toBe(200)
    expect(count.headers.get('x-llm-bridge-count-method')).toBe('o200k_base')
    // 3 request + 4 message overhead + o200k's 3 tokens for "Hello, world".
    expect(await count.json()).toEqual({ input_tokens: 10 })
  })

  test('--help and --version exit 0 and print', async () => {
    for (const flag of ['--help', '--version']) {
      const run = Bun.spawnSync([binary, flag])
      expect(run.exitCode).toBe(0)
      expect(run.stdout.toString()).toContain('llm-bridge')
    }
  })

  test('a bad flag exits 2 with one line naming it', () => {
    const run = Bun.spawnSync([binary, '--no-such-flag'])
    expect(run.exitCode).toBe(2)
    const lines = run.stderr.toString().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('--no-such-flag')
  })

  test('SIGTERM drains and exits 0', async () => {
    bridge.kill('SIGTERM')
    expect(await bridge.exited).toBe(0)
  })
})
