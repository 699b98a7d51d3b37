/**
 * End-to-end harness: the real bridge (createServer over a temp data dir, a real SQLite request
 * log) listening on port 0, in front of one scriptable mock upstream on port 0. URLs are minted
 * through POST /api/generate-url exactly as a user would; the mock host is on the egress
 * allowlist like `--allow-host 127.0.0.1:<port>`.
 *
 *   const bridge = await startE2eBridge()
 *   bridge.mock.script((request) => ({ json: {...} }))
 *   const { proxyUrl, tokenId } = await bridge.mint(openaiTarget(bridge))
 *   ... official SDK with baseURL proxyUrl ...
 *   const rows = await bridge.rowsFor(tokenId, 1)
 *   await bridge.close()
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../src/config.ts'
import { openDataDir } from '../../src/data-dir.ts'
import { openRequestLog, type RequestLog, type RequestLogRow } from '../../src/log/index.ts'
import { createServer } from '../../src/server.ts'
import { startMockUpstream, type MockReply, type ReceivedRequest } from './mock-upstream.ts'

/** The key sealed in the URL for the upstream: the only key the mock may ever see. */
export const UPSTREAM_KEY = 'sk-e2e-upstream-key-0123456789'
/** What clients send as their own API key: must never reach the upstream. */
export const CLIENT_KEY = 'sk-e2e-client-key-must-stay-here'

/** index counts from 0 within the current script (since the last script() call). */
export type E2eScript = (request: ReceivedRequest, index: number) => MockReply

export type E2eMock = {
  url: string
  port: number
  /** Requests received since the last script() call. */
  requests: ReceivedRequest[]
  /** Replaces the answers and forgets the requests received so far. */
  script: (next: E2eScript) => void
}

export type MintedUrl = { proxyUrl: string; tokenId: string }

export type E2eBridge = {
  /** The bridge's own origin, e.g. http://127.0.0.1:40123. */
  url: string
  mock: E2eMock
  /** Adds `127.0.0.1:<port>` to the egress allowlist (another upstream, e.g. a fault upstream). */
  allowUpstream: (port: number) => void
  /** POST /api/generate-url with this body; throws with the bridge's answer on a non-200. */
  mint: (body: Record<string, unknown>) => Promise<MintedUrl>
  /** The rows of one URL once `count` are written; then checks that no more arrive. */
  rowsFor: (tokenId: string, count: number) => Promise<RequestLogRow[]>
  close: () => Promise<void>
}

export async function startE2eBridge(): Promise<E2eBridge> {
  const mock = startScriptedMock()
  const dir = await mkdtemp(join(tmpdir(), 'llm-bridge-e2e-'))
  const data = await openDataDir(join(dir, 'data'), {}, () => {})
  const log: RequestLog = openRequestLog({ dataDir: data.dataDir, logBodies: false, flushIntervalMs: 10 })
  const config: ServerConfig = {
    ...structuredClone(DEFAULT_SERVER_CONFIG),
    port: 0,
    dataDir: data.dataDir,
    allowHosts: [`127.0.0.1:${mock.port}`],
  }
  const bridge = await createServer({ config, keyRing: data.keyRing, serverSecret: data.serverSecret, adminKey: data.adminKey, log })
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', idleTimeout: 60, fetch: (request, srv) => bridge.fetch(request, srv) })
  const url = `http://127.0.0.1:${server.port}`
  config.publicUrl = url
  bridge.setListeningPort(server.port ?? 0)

  return {
    url,
    mock,
    // The server reads config.allowHosts on every mint and every upstream call.
    allowUpstream: (port) => void config.allowHosts.push(`127.0.0.1:${port}`),
    mint: (body) => mint(url, body),
    rowsFor: (tokenId, count) => rowsFor(log, tokenId, count),
    close: async () => {
      void server.stop(true)
      mock.stop()
      await log.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function startScriptedMock(): E2eMock & { stop: () => void } {
  let current: E2eScript = () => ({ status: 500, json: { error: { message: 'no script for this test' } } })
  let offset = 0
  const upstream = startMockUpstream((request, index) => current(request, index - offset))
  const mock = {
    url: upstream.url,
    port: upstream.port,
    get requests(): ReceivedRequest[] {
      return upstream.requests.slice(offset)
    },
    script: (next: E2eScript) => {
      current = next
      offset = upstream.requests.length
    },
    stop: upstream.stop,
  }
  return mock
}

async function mint(bridgeUrl: string, body: Record<string, unknown>): Promise<MintedUrl> {
  const response = await fetch(`${bridgeUrl}/api/generate-url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`generate-url answered ${response.status}: ${text}`)
  const answer = JSON.parse(text) as { proxyUrl: string; tokenId: string }
  return { proxyUrl: answer.proxyUrl, tokenId: answer.tokenId }
}

/** Rows are written when a response (or stream) ends, a moment after the client saw its end. */
async function rowsFor(log: RequestLog, tokenId: string, count: number): Promise<RequestLogRow[]> {
  const read = async (): Promise<RequestLogRow[]> => {
    await log.flush()
    return (await log.query({ tokenId, limit: 200 })).rows
  }
  let rows = await read()
  for (let tries = 0; tries < 300 && rows.length < count; tries++) {
    await Bun.sleep(10)
    rows = await read()
  }
  await Bun.sleep(20)
  rows = await read()
  // Oldest first, like the requests that made them.
  return rows.sort((a, b) => a.startedAt - b.startedAt)
}

/** A v2 generate-url body: Anthropic clients → an OpenAI-compatible upstream (the mock). */
export function openaiTargetBody(bridge: E2eBridge, extra: Record<string, unknown> = {}, upstreamUrl = bridge.mock.url): Record<string, unknown> {
  return {
    version: 2,
    source: { protocol: 'anthropic' },
    // provider openai: its catalog caps gpt-4o at 16,384 output tokens (the clamp scenario).
    target: { protocol: 'openai', provider: 'openai', baseUrl: `${upstreamUrl}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
    model: { mode: 'map', map: { 'claude-*': 'gpt-4o' }, stripClientSuffix: true },
    ...extra,
  }
}

/** A v2 generate-url body: OpenAI clients → an Anthropic upstream (the mock). */
export function anthropicTargetBody(bridge: E2eBridge, extra: Record<string, unknown> = {}, upstreamUrl = bridge.mock.url): Record<string, unknown> {
  return {
    version: 2,
    source: { protocol: 'openai' },
    // provider anthropic: claude-sonnet-4-5 is capped at 64,000; the default max_tokens is 8,192.
    target: { protocol: 'anthropic', provider: 'anthropic', baseUrl: upstreamUrl, auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
    model: { mode: 'map', map: { 'gpt-*': 'claude-sonnet-4-5' } },
    ...extra,
  }
}
