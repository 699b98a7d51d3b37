/** A minimal server holding only the console plugin, compiled by console-embed.test.ts. */
import { Elysia } from 'elysia'
import { DEFAULT_SERVER_CONFIG } from '../../../src/config.ts'
import { consoleApi } from '../../../src/http/console.ts'

const app = new Elysia().use(consoleApi({ config: DEFAULT_SERVER_CONFIG }))
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => app.handle(request) })
console.log(`listening ${server.port}`)
