/** main.ts's startServer: the real listener with its body cap, port 0 and the public URL derived after listening. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../src/config.ts'
import { defaultPublicUrl } from '../../src/config-parse.ts'
import { startServer, type RunningServer } from '../../src/main.ts'

let dir: string
let running: RunningServer
let config: ServerConfig
const said: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-bridge-start-'))
  config = { ...structuredClone(DEFAULT_SERVER_CONFIG), port: 0, dataDir: join(dir, 'data'), maxBodyBytes: 1024, publicUrl: defaultPublicUrl('127.0.0.1', 0) }
  running = await startServer(config, {}, (line) => said.push(line))
})

afterAll(async () => {
  await running.stop()
  await rm(dir, { recursive: true, force: true })
})

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${running.url}/api/generate-url`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })

describe('startServer', () => {
  test('port 0 gets a real port, and the default public URL follows it', () => {
    expect(running.port).toBeGreaterThan(0)
    expect(config.publicUrl).toBe(`http://127.0.0.1:${running.port}`)
    expect(said.join('\n')).toContain(join(dir, 'data', 'secret.key'))
  })

  test('a declared body over the cap is 413 PAYLOAD_TOO_LARGE in the envelope', async () => {
    const response = await post(JSON.stringify({ pad: 'x'.repeat(2000) }))
    expect(response.status).toBe(413)
    expect(((await response.json()) as { error_code: string }).error_code).toBe('PAYLOAD_TOO_LARGE')
  })

  test('a chunked body over the cap is 413 PAYLOAD_TOO_LARGE too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(800))
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk)
        controller.enqueue(chunk)
        controller.close()
      },
    })
    const response = await post(body)
    expect(response.status).toBe(413)
    expect(((await response.json()) as { error_code: string }).error_code).toBe('PAYLOAD_TOO_LARGE')
  })

  test('a body under the cap is served', async () => {
    const response = await post(JSON.stringify({ version: 2, source: { protocol: 'openai' }, target: { provider: 'openai', auth: { token: 'sk' } } }))
    expect(response.status).toBe(200)
    expect(((await response.json()) as { proxyUrl: string }).proxyUrl).toStartWith(`http://127.0.0.1:${running.port}/proxy/lb1_`)
  })

  test('a minted URL cannot point at the bridge itself', async () => {
    config.allowHosts.push('127.0.0.1')
    const response = await post(JSON.stringify({ version: 2, source: { protocol: 'openai' }, target: { protocol: 'openai', baseUrl: `http://127.0.0.1:${running.port}/v1`, auth: { type: 'none' } } }))
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error_code: string }).error_code).toBe('EGRESS_DENIED')
  })

  test('a request without a token on /proxy is 400 MISSING_TOKEN', async () => {
    const response = await fetch(`${running.url}/proxy/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error_code: string }).error_code).toBe('MISSING_TOKEN')
  })
})
