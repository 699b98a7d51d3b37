/**
 * Harnesses for the security suite, all on loopback:
 *  - startSecurityBridge: the real composition (createServer over a real data directory and the
 *    SQLite log) behind Bun.serve on 127.0.0.1:0, with the upstream fetch wrapped so a test can
 *    prove which URLs the bridge tried to reach. `host` is only the configured bind (e.g. 0.0.0.0
 *    for the LAN rules); the socket itself always listens on 127.0.0.1.
 *  - rawHttp: bytes over a TCP socket (Bun.connect), for what fetch refuses to send.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../../src/config.ts'
import { openDataDir, type DataDir } from '../../../src/data-dir.ts'
import { openRequestLog, type RequestLog } from '../../../src/log/index.ts'
import { createServer } from '../../../src/server.ts'

export type SecurityBridge = {
  url: string
  port: number
  config: ServerConfig
  data: DataDir
  log: RequestLog
  /** Every URL the bridge passed to its upstream fetch, in order. */
  upstreamCalls: string[]
  stop: () => Promise<void>
}

export type SecurityBridgeOptions = {
  /** The configured bind (the socket still listens on 127.0.0.1 only). */
  host?: string
  allowHosts?: string[]
  logBodies?: boolean
  /** Reuse a data directory (a restart); a fresh temp one otherwise, removed by stop(). */
  dataDir?: string
  config?: Partial<ServerConfig>
}

export async function startSecurityBridge(options: SecurityBridgeOptions = {}): Promise<SecurityBridge> {
  const ownDir = options.dataDir === undefined ? await mkdtemp(join(tmpdir(), 'llm-bridge-security-')) : undefined
  const data = await openDataDir(options.dataDir ?? join(ownDir as string, 'data'), {}, () => {})
  const log = openRequestLog({ dataDir: data.dataDir, logBodies: options.logBodies ?? false, flushIntervalMs: 10 })
  const host = options.host ?? '127.0.0.1'
  const config: ServerConfig = {
    ...structuredClone(DEFAULT_SERVER_CONFIG),
    ...options.config,
    host,
    port: 0,
    dataDir: data.dataDir,
    allowHosts: [...(options.allowHosts ?? [])],
    // Fast failures: one attempt unless a test says otherwise.
    retry: { maxAttempts: 1, maxDelayMs: 10, deadlineMs: 10_000 },
  }
  const upstreamCalls: string[] = []
  const countingFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    upstreamCalls.push(input instanceof Request ? input.url : String(input))
    return fetch(input, init)
  }) as typeof fetch
  const bridge = await createServer({ config, keyRing: data.keyRing, serverSecret: data.serverSecret, adminKey: data.adminKey, log, fetch: countingFetch })
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, idleTimeout: 30, fetch: (request, srv) => bridge.fetch(request, srv) })
  const port = server.port ?? 0
  const url = `http://127.0.0.1:${port}`
  config.publicUrl = url
  bridge.setListeningPort(port)
  return {
    url,
    port,
    config,
    data,
    log,
    upstreamCalls,
    stop: async () => {
      await server.stop(true)
      await log.close()
      if (ownDir !== undefined) await rm(ownDir, { recursive: true, force: true })
    },
  }
}

/** POST /api/generate-url as the console does (with the admin key where minting needs it); returns the status and parsed answer. */
export async function mintRaw(bridgeUrl: string, body: unknown, adminKey?: string): Promise<{ status: number; text: string; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (adminKey !== undefined) headers.authorization = `Bearer ${adminKey}`
  const response = await fetch(`${bridgeUrl}/api/generate-url`, { method: 'POST', headers, body: JSON.stringify(body) })
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, text, json }
}

export async function mintProxyUrl(bridgeUrl: string, body: unknown, adminKey?: string): Promise<{ proxyUrl: string; token: string; tokenId: string }> {
  const answer = await mintRaw(bridgeUrl, body, adminKey)
  if (answer.status !== 200) throw new Error(`generate-url answered ${answer.status}: ${answer.text}`)
  const { proxyUrl, tokenId } = answer.json as { proxyUrl: string; tokenId: string }
  return { proxyUrl, tokenId, token: proxyUrl.slice(proxyUrl.indexOf('/proxy/') + '/proxy/'.length) }
}

/** An OpenAI-client → OpenAI-upstream URL (native passthrough), model passed through. */
export function openaiPassthroughBody(baseUrl: string, key: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 2,
    source: { protocol: 'openai' },
    target: { protocol: 'openai', baseUrl, auth: { type: 'bearer', token: key } },
    model: { mode: 'passthrough' },
    ...extra,
  }
}

/** An Anthropic-client → OpenAI-upstream URL (translated), model passed through. */
export function anthropicToOpenaiBody(baseUrl: string, key: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 2,
    source: { protocol: 'anthropic' },
    target: { protocol: 'openai', baseUrl, auth: { type: 'bearer', token: key } },
    model: { mode: 'passthrough' },
    ...extra,
  }
}

export type RawAnswer = {
  /** e.g. "HTTP/1.1 400 Bad Request"; '' when the server sent nothing. */
  statusLine: string
  status: number
  headers: Headers
  body: string
  /** Everything the server sent. */
  text: string
  /** The server closed the connection before waitMs ran out. */
  closedByServer: boolean
}

/**
 * Sends `bytes` on a fresh connection and collects what comes back until the server closes or
 * `waitMs` passes (then the client closes). One request per call.
 */
export async function rawHttp(port: number, bytes: string | Uint8Array, waitMs = 1000): Promise<RawAnswer> {
  let text = ''
  let closedByServer = false
  let wake = (): void => {}
  const closed = new Promise<void>((resolve) => (wake = resolve))
  const decoder = new TextDecoder()
  const socket = await Bun.connect({
    hostname: '127.0.0.1',
    port,
    socket: {
      data(_socket, chunk) {
        text += decoder.decode(chunk, { stream: true })
      },
      close() {
        closedByServer = true
        wake()
      },
      error() {
        wake()
      },
    },
  })
  socket.write(bytes)
  const timer = setTimeout(wake, waitMs)
  await closed
  clearTimeout(timer)
  // Read before end(): ending the socket fires its close callback, which would count as the server's.
  const serverClosed = closedByServer
  if (!serverClosed) socket.end()
  return parseRaw(text, serverClosed)
}

function parseRaw(text: string, closedByServer: boolean): RawAnswer {
  const headEnd = text.indexOf('\r\n\r\n')
  const head = headEnd === -1 ? text : text.slice(0, headEnd)
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers = new Headers()
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0)
  return { statusLine, status, headers, body: headEnd === -1 ? '' : text.slice(headEnd + 4), text, closedByServer }
}

/** A needle (a secret in one of its forms) and the places it must not be found. */
export type Needle = { name: string; value: string }
export type Haystack = { where: string; text: string }

/** "<where> contains <needle>" for every hit; [] when clean. */
export function findLeaks(haystacks: Haystack[], needles: Needle[]): string[] {
  const hits: string[] = []
  for (const haystack of haystacks) {
    for (const needle of needles) if (needle.value !== '' && haystack.text.includes(needle.value)) hits.push(`${haystack.where} contains ${needle.name}`)
  }
  return hits
}

/** The forms a secret's bytes could take in text: hex, base64, base64url. */
export function byteForms(name: string, bytes: Uint8Array): Needle[] {
  const buffer = Buffer.from(bytes)
  return [
    { name: `${name} (hex)`, value: buffer.toString('hex') },
    { name: `${name} (base64)`, value: buffer.toString('base64').replace(/=+$/, '') },
    { name: `${name} (base64url)`, value: buffer.toString('base64url') },
  ]
}

/** A headers object as "name: value" lines, for searching. */
export function headerText(headers: Headers): string {
  return [...headers].map(([name, value]) => `${name}: ${value}`).join('\n')
}

export function randomHex(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex')
}
