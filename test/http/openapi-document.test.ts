/**
 * GET /api/openapi.json: a valid OpenAPI document (checked by @apidevtools/swagger-parser), with
 * exactly the app's routes, and whose schemas hold for what the routes really answer.
 */
import SwaggerParser from '@apidevtools/swagger-parser'
import { type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { openTokenRegistry, type TokenRegistry } from '../../src/token-registry/index.ts'
import { buildApiApp, INTERNAL_ORIGIN, type ApiApp } from '../../src/http/api-app.ts'
import { CatalogAnswerSchema } from '../../src/http/catalog-schema.ts'
import { ErrorEnvelopeSchema } from '../../src/http/error-envelope-schema.ts'
import { GenerateUrlAnswerSchema } from '../../src/http/generate-url-schema.ts'
import { HealthSchema } from '../../src/http/health-schema.ts'
import { LogPageSchema, LogRowSchema, StatsSchema } from '../../src/http/log-schemas.ts'
import { openRequestLog, type RequestLog } from '../../src/log/index.ts'
import { makeRow, tempDataDir } from '../log/log-test-support.ts'
import { testConfig, testKeyRing } from '../server/test-server.ts'

type Operation = { operationId?: string; parameters?: Array<{ name: string; in: string }>; responses?: Record<string, unknown> }
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, unknown> } }

let app: ApiApp
let log: RequestLog
let remove: () => void
let tokens: TokenRegistry
let document: Document

beforeAll(async () => {
  const temp = tempDataDir()
  remove = temp.remove
  log = openRequestLog({ dataDir: temp.dir, logBodies: true })
  log.record(makeRow({ requestId: 'req_full', requestBody: '{"model":"m"}', responseBody: '{}', warnings: [{ code: 'dropped-field', field: 'top_k', message: 'dropped' }] }))
  log.record(makeRow({ requestId: 'req_bare', usage: undefined, costUsd: undefined, ttfbMs: undefined, tokenId: undefined, label: undefined, status: 502, errorCode: 'UPSTREAM_ERROR', upstreamStatus: 500 }))
  await log.flush()
  // With the minted-URL registry, so its routes are in the document too.
  tokens = openTokenRegistry({ dataDir: temp.dir, usageRecorded: true })
  app = await buildApiApp({ config: testConfig(), keyRing: testKeyRing(), adminKey: 'admin-key', log, version: '9.9.9', isDraining: () => false, tokens })
  document = (await (await get('/api/openapi.json')).json()) as Document
})

afterAll(async () => {
  tokens.close()
  await log.close()
  remove()
})

function get(path: string, init?: RequestInit): Promise<Response> {
  return app.handle(new Request(`${INTERNAL_ORIGIN}${path}`, init))
}

/** "GET /api/logs/:id" ↔ "GET /api/logs/{id}". */
function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/:([^/]+)/g, '{$1}')}`
}

describe('the OpenAPI document', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toStartWith('3.1.')
    // validate() dereferences in place: it gets a copy.
    await SwaggerParser.validate(JSON.parse(JSON.stringify(document)))
  })

  test('describes every route the app serves, and only those (the console\'s pages aside)', () => {
    const served = app.routes.filter((route) => route.hooks.detail?.hide !== true).map((route) => routeKey(route.method, route.path))
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => routeKey(method, path)))
    expect(served.length).toBeGreaterThan(0)
    expect(documented.sort()).toEqual(served.sort())
    // Hidden routes are pages, never the API: a new /api route cannot leave the document.
    const hidden = app.routes.filter((route) => route.hooks.detail?.hide === true).map((route) => route.path)
    expect(hidden.filter((path) => path.startsWith('/api'))).toEqual([])
    expect(served).toContain('GET /api/logs/{id}')
  })

  test('every operation has an id, answers and its error envelope', () => {
    const ids = new Set<string>()
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(operation.operationId, `${method} ${path}`).toBeString()
        ids.add(operation.operationId ?? '')
        const statuses = Object.keys(operation.responses ?? {})
        expect(statuses, `${method} ${path}`).toContain('200')
        expect(statuses.some((status) => Number(status) >= 400), `${method} ${path}`).toBe(true)
      }
    }
    expect(ids.size).toBe(Object.values(document.paths).flatMap((item) => Object.keys(item)).length)
    expect(document.components?.schemas?.ErrorEnvelope).toBeDefined()
    expect(JSON.stringify(document)).not.toContain('"expected"')
  })
})

describe('the routes answer what the document says', () => {
  async function expectShape(response: Response, schema: TSchema): Promise<unknown> {
    const body: unknown = await response.json()
    const errors = [...Value.Errors(schema, body)].slice(0, 3).map((error) => `${error.path}: ${error.message}`)
    expect(errors).toEqual([])
    return body
  }

  test('GET /healthz', async () => {
    await expectShape(await get('/healthz'), HealthSchema)
  })

  test('GET /api/catalog', async () => {
    await expectShape(await get('/api/catalog'), CatalogAnswerSchema)
  })

  test('POST /api/generate-url', async () => {
    const body = { version: 2, source: { protocol: 'anthropic' }, target: { provider: 'groq', auth: { token: 'gsk_test' } }, expiresInSeconds: 60 }
    const response = await get('/api/generate-url', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(response.status).toBe(200)
    await expectShape(response, GenerateUrlAnswerSchema)
  })

  test('GET /api/logs, /api/logs/{id} and /api/stats, with full and sparse rows', async () => {
    const page = (await expectShape(await get('/api/logs'), LogPageSchema)) as { rows: unknown[] }
    expect(page.rows).toHaveLength(2)
    await expectShape(await get('/api/logs/req_full'), LogRowSchema)
    await expectShape(await get('/api/logs/req_bare'), LogRowSchema)
    await expectShape(await get(`/api/stats?from=${Date.now() - 60_000}&bucket=minute`), StatsSchema)
  })

  test('an error answers the envelope', async () => {
    const response = await get('/api/logs/nope')
    expect(response.status).toBe(404)
    await expectShape(response, ErrorEnvelopeSchema)
  })
})
