/**
 * The CLI: flags/env → config → data directory → request log → createServer → Bun.serve.
 * SIGTERM/SIGINT drain gracefully: healthz turns 503 and no new connection is accepted, requests
 * in flight get the drain window (--drain-ms) to finish, the streams still open then end with
 * their protocol's error event, the log is flushed, exit 0. A second signal exits at once.
 */
import type { ServerConfig } from './config.ts'
import { ConfigError, defaultPublicUrl, parseServerConfig } from './config-parse.ts'
import { loopbackPublicUrlWarning } from './loopback-public-url-warning.ts'
import { findProvider } from './core/catalog/providers.ts'
import { openDataDir } from './data-dir.ts'
import { closeIfBodyUnread } from './http/close-unread-body.ts'
import { describeMintPolicy } from './http/mint-policy.ts'
import { join } from 'node:path'
import { catalogPriceLookup, openRequestLog, type RequestLog } from './log/index.ts'
import { openMetricsOnlyLog } from './log/metrics-only-log.ts'
import { rotateKey } from './rotate-key.ts'
import { openTokenRegistry, REGISTRY_FILE_NAME, type TokenRegistry } from './token-registry/index.ts'
import { createServer, unhandledErrorResponse } from './server.ts'
import { fetchLimitOf, watchFetchLimit } from './upstream/fetch-limit.ts'

/** After the window: time for the error events just written to leave and the connections to close. */
const DRAIN_GRACE_MS = 1_000

/**
 * Bun's per-connection idle timeout (seconds, max 255) bounds slow headers; proxied requests lift
 * it for themselves (server.ts), because a reasoning model may stay silent for minutes before its
 * first token (LESSONS #24) and the proxy applies its own explicit deadlines.
 */
const IDLE_TIMEOUT_SECONDS = 120

/**
 * Never Bun's development error page (HTML with source lines and a stack) nor its stack on
 * stderr: an exception that escapes the bridge's own handling answers with the JSON envelope.
 */
export const SERVE_SAFETY = { development: false, error: (): Response => unhandledErrorResponse() } as const

export type RunningServer = { url: string; port: number; stop: () => Promise<void> }

export async function startServer(config: ServerConfig, env: Record<string, string | undefined>, say: (line: string) => void): Promise<RunningServer> {
  const data = await openDataDir(config.dataDir, env, say)
  const tokens = openRegistry(data.dataDir, config.requestLog)
  const log: RequestLog = config.requestLog
    ? openRequestLog({ dataDir: data.dataDir, logBodies: config.logBodies, prices: catalogPriceLookup(findProvider) })
    : openMetricsOnlyLog()
  const derivePublicUrl = config.port === 0 && config.publicUrl === defaultPublicUrl(config.host, 0)
  const bridge = await createServer({ config, keyRing: data.keyRing, serverSecret: data.serverSecret, adminKey: data.adminKey, log, tokens })
  let server: ReturnType<typeof Bun.serve>
  try {
    server = Bun.serve({
      hostname: config.host,
      port: config.port,
      idleTimeout: IDLE_TIMEOUT_SECONDS,
      // No limit of Bun's own: its 413 is sent before any handler runs, bare (no envelope, no
      // request id). The server enforces --max-body-bytes itself, on the declared length before
      // reading and on the bytes read, and closes the connection on a body it leaves unread.
      maxRequestBodySize: Number.MAX_SAFE_INTEGER,
      ...SERVE_SAFETY,
      // With development: false Bun turns SO_REUSEPORT on unless told otherwise: a second bridge
      // on the same port would then start silently and take half the connections.
      reusePort: config.sharePort,
      fetch: async (request, srv) => closeIfBodyUnread(request, await bridge.fetch(request, srv)),
    })
  } catch (error) {
    await log.close()
    tokens.close()
    const code = errorCode(error)
    if (code === 'EADDRINUSE') {
      throw new Error(`cannot listen on ${config.host}:${config.port}: the port is already in use (EADDRINUSE), perhaps by another llm-bridge. Stop it, pick another --port, or pass --share-port to share the port on purpose.`)
    }
    throw new Error(`cannot listen on ${config.host}:${config.port} (${code})`)
  }
  say(describeMintPolicy(config))
  const port = server.port ?? config.port
  if (derivePublicUrl) config.publicUrl = defaultPublicUrl(config.host, port)
  bridge.setListeningPort(port)
  const stopWatching = watchFetchLimit(() => bridge.drain.inFlight(), fetchLimitOf(env), say)
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      stopWatching()
      bridge.beginDrain(config.drainMs)
      // Stop accepting; the promise settles once every connection has closed.
      const closed = server.stop(false)
      // idle(): every proxied request has ended and queued its row (streams past the window were
      // ended with an error event by the drain). The grace bounds a drain that misses a request.
      await Promise.race([bridge.drain.idle(), Bun.sleep(config.drainMs + DRAIN_GRACE_MS)])
      // Let the last bytes (an error event) reach the clients before connections are cut.
      await Promise.race([closed, Bun.sleep(DRAIN_GRACE_MS)])
      await server.stop(true)
      await log.close()
      tokens.close()
    })()
    return stopping
  }
  return { url, port, stop }
}

/** The revocations must be readable: a server that forgot them would let revoked URLs work again. */
function openRegistry(dataDir: string, requestLog: boolean): TokenRegistry {
  try {
    return openTokenRegistry({ dataDir, usageRecorded: requestLog })
  } catch (error) {
    throw new Error(`cannot open the minted-URL registry ${join(dataDir, REGISTRY_FILE_NAME)} (${errorCode(error)}): revoked URLs would work again, so the bridge does not start (moving the file away starts an empty registry and forgets every revocation)`)
  }
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code
  return error instanceof Error ? error.name : 'unknown error'
}

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<void> {
  let parsed: ReturnType<typeof parseServerConfig>
  try {
    parsed = parseServerConfig(argv, env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`llm-bridge: ${error.message}`)
    process.exit(2)
  }
  if (parsed.kind === 'rotate-key') {
    try {
      await rotateKey(parsed, env, (line) => console.log(line))
      process.exit(0)
    } catch (error) {
      console.error(`llm-bridge rotate-key: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    }
  }
  if (parsed.kind !== 'run') {
    console.log(parsed.text)
    process.exit(0)
  }
  const config = parsed.config
  let running: RunningServer
  try {
    running = await startServer(config, env, (line) => console.log(line))
  } catch (error) {
    // One line; never a stack (it could carry a path or a secret's neighbourhood).
    console.error(`llm-bridge: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
  // The warning first: whoever waits for the listening line (a supervisor, a script) has it by then.
  const exposure = loopbackPublicUrlWarning(config.host, config.publicUrl)
  if (exposure !== undefined) console.error(`llm-bridge: warning: ${exposure}`)
  console.log(`llm-bridge listening on ${running.url} (console: ${config.publicUrl}/)`)
  let signals = 0
  const onSignal = (signal: string) => {
    signals += 1
    if (signals > 1) process.exit(1)
    console.log(`llm-bridge: ${signal} received, draining (up to ${config.drainMs / 1000} s; send it again to exit now)`)
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  process.on('SIGINT', () => onSignal('SIGINT'))
}

if (import.meta.main) await main(process.argv.slice(2), process.env)
