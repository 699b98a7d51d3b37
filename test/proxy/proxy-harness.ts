/** Shared setup for proxy tests: a real key ring and token, an in-memory log, a handler, a server around it. */
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../src/config.ts'
import type { ProxyConfig } from '../../src/core/proxy-config.ts'
import { deriveReasoningKey } from '../../src/core/reasoning/index.ts'
import { type KeyRing, sealToken } from '../../src/core/url-token/index.ts'
import type { RequestLogRow } from '../../src/log/request-log-row.ts'
import { createProxyHandler } from '../../src/proxy/handle-proxy.ts'

export const UPSTREAM_KEY = 'sk-upstream-canary-0123456789'
export const CLIENT_KEY = 'sk-client-own-key-abcdef'

export type Harness = {
  handle: (request: Request) => Promise<Response>
  rows: RequestLogRow[]
  ring: KeyRing
  mint: (overrides?: Partial<ProxyConfig>) => Promise<string>
}

export function baseConfig(upstreamUrl: string): ProxyConfig {
  return {
    tokenId: 'tok_test_1',
    label: 'test url',
    source: { protocol: 'anthropic' },
    target: { protocol: 'anthropic', provider: 'anthropic', baseUrl: upstreamUrl, auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
    model: { mode: 'map', map: { 'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929' }, stripClientSuffix: true },
    endpoints: { mode: 'auto' },
  }
}

export async function createHarness(upstreamUrl: string, serverConfig: Partial<ServerConfig> = {}): Promise<Harness> {
  const ring: KeyRing = { current: 1, keys: new Map([[1, crypto.getRandomValues(new Uint8Array(32))]]) }
  const rows: RequestLogRow[] = []
  const handle = createProxyHandler({
    keyRing: ring,
    // Retries off by default: the tests look at what one upstream answer becomes.
    config: { ...DEFAULT_SERVER_CONFIG, retry: { ...DEFAULT_SERVER_CONFIG.retry, maxAttempts: 1 }, ...serverConfig },
    log: { record: (row) => void rows.push(structuredClone(row)) },
    reasoningKey: await deriveReasoningKey(crypto.getRandomValues(new Uint8Array(32))),
    egress: { allowHosts: ['127.0.0.1'], ownPorts: [], localAddresses: () => [] },
  })
  const mint = (overrides: Partial<ProxyConfig> = {}) => sealToken({ ...baseConfig(upstreamUrl), ...overrides }, ring)
  return { handle, rows, ring, mint }
}

/** A real HTTP server around the handler, for official SDK clients and disconnect tests. */
export function serveHandler(handle: (request: Request) => Promise<Response>): { url: string; stop: () => void } {
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', idleTimeout: 0, fetch: handle })
  return { url: `http://127.0.0.1:${server.port}`, stop: () => void server.stop(true) }
}

/** Waits until the log has n rows (rows are recorded when a streamed body ends, after the response). */
export async function waitForRows(rows: RequestLogRow[], count: number): Promise<void> {
  for (let i = 0; i < 200 && rows.length < count; i++) await Bun.sleep(5)
}

export function anthropicBody(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], ...overrides })
}
