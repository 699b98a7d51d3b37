/**
 * Builds the real server composition (createServer) for tests: a fresh key ring, an in-memory log,
 * and a config whose public URL is http://127.0.0.1:8787 unless a test says otherwise.
 */
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../src/config.ts'
import type { KeyRing } from '../../src/core/url-token/index.ts'
import type { RequestLogRow } from '../../src/log/request-log-row.ts'
import { createServer, type BridgeServer } from '../../src/server.ts'

export const PUBLIC_URL = 'http://127.0.0.1:8787'

export function testKeyRing(): KeyRing {
  return { current: 1, keys: new Map([[1, crypto.getRandomValues(new Uint8Array(32))]]) }
}

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...structuredClone(DEFAULT_SERVER_CONFIG), publicUrl: PUBLIC_URL, ...overrides }
}

export type TestBridge = { bridge: BridgeServer; config: ServerConfig; keyRing: KeyRing; rows: RequestLogRow[] }

export async function makeBridge(options: { config?: Partial<ServerConfig>; fetch?: typeof fetch } = {}): Promise<TestBridge> {
  const config = testConfig(options.config)
  const keyRing = testKeyRing()
  const rows: RequestLogRow[] = []
  const bridge = await createServer({
    config,
    keyRing,
    serverSecret: crypto.getRandomValues(new Uint8Array(32)),
    adminKey: 'test-admin-key',
    log: { record: (row) => rows.push(row) },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
  return { bridge, config, keyRing, rows }
}

/** A same-origin JSON call, as the console makes it. */
export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${PUBLIC_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export type ErrorEnvelope = { error_code: string; message: string; request_id: string; docs_url: string; error: { message: string } }

export async function readError(response: Response): Promise<ErrorEnvelope> {
  return (await response.json()) as ErrorEnvelope
}

export type ServedBridge = TestBridge & { url: string; stop: () => Promise<void> }

/** The real composition behind a real Bun.serve on a random loopback port. */
export async function serveBridge(options: { config?: Partial<ServerConfig>; fetch?: typeof fetch } = {}): Promise<ServedBridge> {
  const made = await makeBridge({ ...options, config: { port: 0, ...options.config } })
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request, srv) => made.bridge.fetch(request, srv) })
  const url = `http://127.0.0.1:${server.port}`
  made.config.publicUrl = url
  made.bridge.setListeningPort(server.port ?? 0)
  return { ...made, url, stop: () => server.stop(true) }
}

/** Mints a proxy URL through the API, as a user would. */
export async function mintUrl(baseUrl: string, body: unknown): Promise<string> {
  const response = await fetch(`${baseUrl}/api/generate-url`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (response.status !== 200) throw new Error(`mint failed: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { proxyUrl: string }).proxyUrl
}

/** Flips one character of the token part, keeping it base64url so only the tag check fails. */
export function tamperToken(proxyUrl: string): string {
  const last = proxyUrl.at(-5)
  return `${proxyUrl.slice(0, -5)}${last === 'A' ? 'B' : 'A'}${proxyUrl.slice(-4)}`
}
