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
