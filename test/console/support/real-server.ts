/**
 * The real composition (createServer) over a temp data dir with the real SQLite request log, on a
 * random loopback port, in front of a mock OpenAI-compatible upstream that is on the egress
 * allowlist (as `--allow-host 127.0.0.1:<port>` would put it).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../../src/config.ts'
import { openDataDir } from '../../../src/data-dir.ts'
import { LOG_FILE_NAME, openRequestLog } from '../../../src/log/index.ts'
import { createServer } from '../../../src/server.ts'
import { openTokenRegistry } from '../../../src/token-registry/index.ts'
import { startMockUpstream, type MockScript, type MockUpstream } from '../../support/mock-upstream.ts'

export type RealServer = { origin: string; adminKey: string; mock: MockUpstream; stop: () => Promise<void> }

function chatCompletion(model: unknown) {
  return {
    json: {
      id: 'chatcmpl-console',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: typeof model === 'string' ? model : 'unknown',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the mock.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
    },
  }
}

/**
 * `host` is the configured bind: anything but loopback makes the log need the admin key.
 * `corruptLog` puts a file that is not a database where the log's goes, as a damaged disk would.
 * `upstream`: the mock's script (a chat completion for every request unless given); `logBodies`: --log-bodies.
 */
export async function startRealServer(
  options: { host?: string; corruptLog?: boolean; upstream?: MockScript; logBodies?: boolean } = {},
): Promise<RealServer> {
  const mock = startMockUpstream(
    options.upstream ??
      ((request) => {
        const body = request.json
        return chatCompletion(typeof body === 'object' && body !== null ? (body as Record<string, unknown>).model : undefined)
      }),
  )
  const dir = await mkdtemp(join(tmpdir(), 'lb-console-'))
  const data = await openDataDir(join(dir, 'data'), {}, () => {})
  if (options.corruptLog === true) await Bun.write(join(data.dataDir, LOG_FILE_NAME), 'this is not a database '.repeat(500))
  const logBodies = options.logBodies ?? false
  const log = openRequestLog({ dataDir: data.dataDir, logBodies, flushIntervalMs: 10 })
  const config: ServerConfig = {
    ...structuredClone(DEFAULT_SERVER_CONFIG),
    host: options.host ?? '127.0.0.1',
    port: 0,
    dataDir: data.dataDir,
    allowHosts: [`127.0.0.1:${mock.port}`],
    logBodies,
  }
  // As main.ts composes it: minted URLs are recorded, so the Minted URLs tab lists them.
  const tokens = openTokenRegistry({ dataDir: data.dataDir, usageRecorded: true })
  const bridge = await createServer({
    config,
    keyRing: data.keyRing,
    serverSecret: data.serverSecret,
    adminKey: data.adminKey,
    log,
    tokens,
  })
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, idleTimeout: 60, fetch: (request, srv) => bridge.fetch(request, srv) })
  const origin = `http://127.0.0.1:${server.port}`
  config.publicUrl = origin
  bridge.setListeningPort(server.port ?? 0)
  return {
    origin,
    adminKey: data.adminKey,
    mock,
    stop: async () => {
      await server.stop(true)
      mock.stop()
      await log.close()
      tokens.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
