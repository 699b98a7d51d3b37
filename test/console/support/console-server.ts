/** Starts the console plugin plus an API (fake for now) on a random loopback port. */
import { Elysia } from 'elysia'
import { DEFAULT_SERVER_CONFIG } from '../../../src/config.ts'
import { consoleApi } from '../../../src/http/console.ts'
import { FakeApi, type FakeApiOptions } from './fake-api.ts'

export type ConsoleServer = { origin: string; api: FakeApi; stop: () => Promise<void> }

export function startConsoleServer(options: FakeApiOptions = {}): ConsoleServer {
  const api = new FakeApi(options)
  const app = new Elysia().use(consoleApi({ config: DEFAULT_SERVER_CONFIG })).use(api.plugin())
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => app.handle(request) })
  return {
    origin: `http://127.0.0.1:${server.port}`,
    api,
    stop: async () => {
      api.close()
      await server.stop(true)
    },
  }
}
