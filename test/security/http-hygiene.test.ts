/**
 * HTTP hygiene against the server as main.ts starts it (startServer: the real Bun.serve options,
 * body cap backstop and idle timeout), with raw bytes over TCP where fetch would refuse: 21 MiB
 * bodies → 413 on /proxy and /api (declared and chunked); Content-Length with Transfer-Encoding
 * and duplicate Content-Length → 400 with nothing forwarded or smuggled; a duplicated Host → 400;
 * CR/LF in a model name or a configured header value → 400; hop-by-hop and Set-Cookie headers of
 * the upstream not forwarded; and slow-header clients (one stalled mid request line, one
 * trickling a header byte by byte) closed within a bound while a normal client is served.
 * The per-module checks are in test/server/server.test.ts, test/server/start-server.test.ts and
 * test/proxy/forward-headers.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseServerConfig } from '../../src/config-parse.ts'
import { startServer, type RunningServer } from '../../src/main.ts'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { anthropicToOpenaiBody, mintProxyUrl, mintRaw, openaiPassthroughBody, rawHttp, randomHex } from './support/security-bridge.ts'

const KEY = `hyg${randomHex(12)}`
const MIB = 1024 * 1024
/** uWS closes a connection whose request head is incomplete after about 10 s (checked every 4 s). */
const SLOW_HEADER_BOUND_MS = 20_000

let workDir: string
let server: RunningServer
let upstream: MockUpstream
let passthroughUrl: string
let translatedUrl: string

type SlowClient = { connectedAt: number; closedAt?: number; stop: () => void }
const slowClients: SlowClient[] = []
let normalServedInMs = Number.NaN

async function slowClient(prefix: string, trickle: boolean): Promise<SlowClient> {
  const client: SlowClient = { connectedAt: Date.now(), stop: () => {} }
  const socket = await Bun.connect({
    hostname: '127.0.0.1',
    port: server.port,
    socket: {
      data() {},
      close() {
        client.closedAt = Date.now()
      },
      error() {},
    },
  })
  socket.write(prefix)
  const timer = trickle ? setInterval(() => client.closedAt === undefined && socket.write('a'), 500) : undefined
  client.stop = () => {
    clearInterval(timer)
    if (client.closedAt === undefined) socket.end()
  }
  return client
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'llm-bridge-hygiene-'))
  upstream = startMockUpstream(() => ({
    headers: {
      'set-cookie': 'session=upstream; Path=/',
      'keep-alive': 'timeout=5',
      'proxy-authenticate': 'Basic realm="upstream"',
      'proxy-connection': 'keep-alive',
      upgrade: 'h2c',
      trailer: 'x-checksum',
      'x-upstream-ok': '1',
    },
    json: { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }] },
  }))
  const parsed = parseServerConfig(['--port', '0', '--data-dir', join(workDir, 'data'), '--allow-host', `127.0.0.1:${upstream.port}`, '--retry-max-attempts', '1'], {})
  if (parsed.kind !== 'run') throw new Error('config did not parse')
  server = await startServer(parsed.config, {}, () => {})
  // The slow clients start first and stay stalled through every other test of this file.
  slowClients.push(await slowClient('GET /heal', false), await slowClient(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: `, true))
  const started = Date.now()
  const normal = await fetch(`${server.url}/healthz`)
  normalServedInMs = normal.status === 200 ? Date.now() - started : Number.NaN
  passthroughUrl = (await mintProxyUrl(server.url, openaiPassthroughBody(`${upstream.url}/v1`, KEY))).proxyUrl
  translatedUrl = (await mintProxyUrl(server.url, anthropicToOpenaiBody(`${upstream.url}/v1`, KEY))).proxyUrl
})

afterAll(async () => {
  for (const client of slowClients) client.stop()
  await server.stop()
  upstream.stop()
  await rm(workDir, { recursive: true, force: true })
})

const hostLine = (): string => `Host: 127.0.0.1:${server.port}`
const pathOf = (url: string): string => new URL(url).pathname

describe('body cap', () => {
  test('a declared 21 MiB body is 413 PAYLOAD_TOO_LARGE on /proxy and /api before anything is read or forwarded', async () => {
    for (const path of [`${pathOf(passthroughUrl)}/v1/chat/completions`, '/api/generate-url']) {
      const answer = await rawHttp(server.port, `POST ${path} HTTP/1.1\r\n${hostLine()}\r\nContent-Type: application/json\r\nContent-Length: ${21 * MIB}\r\n\r\n{"model":`, 300)
      expect({ path, status: answer.status }).toEqual({ path, status: 413 })
      expect(answer.body).toContain('PAYLOAD_TOO_LARGE')
    }
    expect(upstream.requests).toHaveLength(0)
  })

  test('a chunked 21 MiB body (no Content-Length) is 413 too, on /proxy and /api', async () => {
    for (const url of [`${passthroughUrl}/v1/chat/completions`, `${server.url}/api/generate-url`]) {
      let sent = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 21 * MIB) return controller.close()
          const chunk = new Uint8Array(MIB).fill(0x20)
          sent += chunk.byteLength
          controller.enqueue(chunk)
        },
      })
      let status = 0
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        status = response.status
        await response.arrayBuffer()
      } catch {
        // The server may close the upload once it has answered; the status was read first where possible.
      }
      expect({ url: pathOf(url).slice(0, 12), status }).toEqual({ url: pathOf(url).slice(0, 12), status: 413 })
    }
    expect(upstream.requests).toHaveLength(0)
  })
})

describe('ambiguous framing', () => {
  const body = JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })
  const smuggled = `GET /api/logs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`

  test('Content-Length with Transfer-Encoding is 400, nothing forwarded, nothing smuggled', async () => {
    for (const path of [`${pathOf(passthroughUrl)}/v1/chat/completions`, '/api/generate-url']) {
      const chunked = `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n${smuggled}`
      const answer = await rawHttp(server.port, `POST ${path} HTTP/1.1\r\n${hostLine()}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`)
      expect({ path, status: answer.status }).toEqual({ path, status: 400 })
      // One answer only: the bytes after the first body were not served as a second request.
      expect(answer.text.match(/HTTP\/1\.1 \d{3}/g)).toHaveLength(1)
    }
    expect(upstream.requests).toHaveLength(0)
  })

  test('a duplicated Content-Length, equal or not, is 400 and nothing is forwarded', async () => {
    const length = Buffer.byteLength(body)
    for (const path of [`${pathOf(passthroughUrl)}/v1/chat/completions`, '/api/generate-url']) {
      for (const second of [length, length - 5]) {
        const answer = await rawHttp(server.port, `POST ${path} HTTP/1.1\r\n${hostLine()}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nContent-Length: ${second}\r\n\r\n${body}${smuggled}`)
        expect({ path, second, status: answer.status }).toEqual({ path, second, status: 400 })
        // Unequal values: Bun refuses the framing and closes. Equal values frame the body the same
        // way for every parser, so the bytes after it are an ordinary pipelined request (answered
        // on its own, under its own Host check), not a smuggled one.
        if (second !== length) expect(answer.text.match(/HTTP\/1\.1 \d{3}/g)).toHaveLength(1)
      }
    }
    expect(upstream.requests).toHaveLength(0)
  })

  test('a duplicated Host is 400', async () => {
    const answer = await rawHttp(server.port, `GET /api/catalog HTTP/1.1\r\n${hostLine()}\r\nHost: evil.example\r\n\r\n`, 300)
    expect(answer.status).toBe(400)
  })
})

describe('CR/LF injection', () => {
  test('a model name with CR/LF is 400 on passthrough and translation, and nothing is forwarded', async () => {
    for (const [url, path] of [[passthroughUrl, '/v1/chat/completions'], [translatedUrl, '/v1/messages']] as const) {
      for (const model of ['gpt\r\nx-injected: 1', 'gpt\nx', 'gpt\rx']) {
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
          body: JSON.stringify({ model, max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
        })
        await response.arrayBuffer()
        expect({ path, model, status: response.status }).toEqual({ path, model, status: 400 })
      }
    }
    expect(upstream.requests).toHaveLength(0)
  })

  test('CR/LF in a configured header value, model map or base URL is refused at mint', async () => {
    const base = `${upstream.url}/v1`
    const bodies = [
      openaiPassthroughBody(base, `${KEY}\r\nx-injected: 1`),
      openaiPassthroughBody(base, KEY, { model: { mode: 'force', force: 'gpt\r\nx-injected: 1' } }),
      openaiPassthroughBody(base, KEY, { model: { mode: 'map', map: { 'gpt\n*': 'x' } } }),
      openaiPassthroughBody(base, KEY, { model: { mode: 'map', map: { gpt: 'x\ry' } } }),
      openaiPassthroughBody(`${base}\r\nx-injected: 1`, KEY),
      { ...openaiPassthroughBody(base, KEY), target: { protocol: 'openai', baseUrl: base, auth: { type: 'x-api-key', token: `${KEY}\n` } } },
    ]
    for (const body of bodies) {
      const answer = await mintRaw(server.url, body)
      expect(answer.status).toBe(400)
      expect(answer.text).not.toContain(KEY)
    }
  })
})

describe('upstream response headers', () => {
  test('hop-by-hop and Set-Cookie headers stay behind on passthrough and translation; ordinary ones pass on passthrough', async () => {
    const dropped = ['set-cookie', 'keep-alive', 'proxy-authenticate', 'proxy-connection', 'upgrade', 'trailer']
    for (const [url, path, passthrough] of [[passthroughUrl, '/v1/chat/completions', true], [translatedUrl, '/v1/messages', false]] as const) {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'gpt-test', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
      })
      await response.arrayBuffer()
      expect(response.status).toBe(200)
      for (const name of dropped) expect({ path, name, value: response.headers.get(name) }).toEqual({ path, name, value: null })
      if (passthrough) expect(response.headers.get('x-upstream-ok')).toBe('1')
    }
    expect(upstream.requests).toHaveLength(2)
  })
})

describe('slow headers', () => {
  test('a normal client was served at once while two slow-header clients held their connections', () => {
    expect(normalServedInMs).toBeLessThan(2_000)
    expect(slowClients).toHaveLength(2)
  })

  test('both slow-header clients (stalled, and trickling a byte every 500 ms) are closed by the server within the bound', async () => {
    while (slowClients.some((client) => client.closedAt === undefined) && Date.now() - Math.min(...slowClients.map((client) => client.connectedAt)) < SLOW_HEADER_BOUND_MS + 1_000) {
      await Bun.sleep(100)
    }
    for (const client of slowClients) {
      expect(client.closedAt).toBeDefined()
      expect((client.closedAt as number) - client.connectedAt).toBeLessThan(SLOW_HEADER_BOUND_MS)
    }
    // The server still serves after shedding them.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  }, SLOW_HEADER_BOUND_MS + 5_000)
})
