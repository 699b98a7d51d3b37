/**
 * The server as main.ts composes it (data dir with its key ring, token registry, request log,
 * createServer) on a random loopback port, over a data dir that outlives it, so a test can restart
 * it. The configured bind is non-loopback by default: the admin API then needs the admin key.
 */
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../src/config.ts'
import { openDataDir } from '../../src/data-dir.ts'
import { openRequestLog, type RequestLog } from '../../src/log/index.ts'
import { openMetricsOnlyLog } from '../../src/log/metrics-only-log.ts'
import { createServer } from '../../src/server.ts'
import { openTokenRegistry } from '../../src/token-registry/index.ts'

export type TokenServer = { origin: string; adminKey: string; log: RequestLog; stop: () => Promise<void> }

export async function startTokenServer(dataDir: string, options: { upstreamPort: number; host?: string; requestLog?: boolean }): Promise<TokenServer> {
  const requestLog = options.requestLog ?? true
  const data = await openDataDir(dataDir, {}, () => {})
  const tokens = openTokenRegistry({ dataDir: data.dataDir, usageRecorded: requestLog })
  const log = requestLog ? openRequestLog({ dataDir: data.dataDir, logBodies: false, flushIntervalMs: 10 }) : openMetricsOnlyLog()
  const config: ServerConfig = {
    ...structuredClone(DEFAULT_SERVER_CONFIG),
    host: options.host ?? '0.0.0.0',
    port: 0,
    dataDir: data.dataDir,
    requestLog,
    allowHosts: [`127.0.0.1:${options.upstreamPort}`],
  }
  const bridge = await createServer({ config, keyRing: data.keyRing, serverSecret: data.serverSecret, adminKey: data.adminKey, log, tokens })
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request, srv) => bridge.fetch(request, srv) })
  const origin = `http://127.0.0.1:${server.port}`
  config.publicUrl = origin
  bridge.setListeningPort(server.port ?? 0)
  return {
    origin,
    adminKey: data.adminKey,
    log,
    stop: async () => {
      await server.stop(true)
      await log.close()
      tokens.close()
    },
  }
}
