/**
 * A request that breaks a route's schema answers the bridge's envelope: 400 INVALID_JSON with a
 * message naming the field or parameter, never Elysia's validation body or a stack. The
 * violations are derived from the OpenAPI document, so routes added later are covered too.
 */
import { Type } from '@sinclair/typebox'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { apiModule } from '../../src/http/api-module.ts'
import { openRequestLog, type RequestLog } from '../../src/log/index.ts'
import { createServer, type BridgeServer } from '../../src/server.ts'
import { tempDataDir } from '../log/log-test-support.ts'
import { PUBLIC_URL, testConfig, testKeyRing } from '../server/test-server.ts'

type Schema = { type?: string | string[]; minLength?: number }
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema }
type Operation = { parameters?: Parameter[]; requestBody?: unknown }
type Document = { paths: Record<string, Record<string, Operation>> }

let bridge: BridgeServer
let log: RequestLog
let remove: () => void
let document: Document

beforeAll(async () => {
  const temp = tempDataDir()
  remove = temp.remove
  log = openRequestLog({ dataDir: temp.dir, logBodies: false })
  bridge = await createServer({ config: testConfig(), keyRing: testKeyRing(), serverSecret: crypto.getRandomValues(new Uint8Array(32)), adminKey: 'k', log })
  document = (await (await bridge.fetch(new Request(`${PUBLIC_URL}/api/openapi.json`))).json()) as Document
})

afterAll(async () => {
  await log.close()
  remove()
})

type Envelope = { error_code: string; message: string; request_id: string; error: { code: string; message: string } }

async function expectEnvelope(response: Response, naming: string): Promise<Envelope> {
  const text = await response.text()
  expect(response.status).toBe(400)
  expect(response.headers.get('content-type')).toBe('application/json')
  const body = JSON.parse(text) as Envelope
  expect(body.error_code).toBe('INVALID_JSON')
  expect(body.error.code).toBe('INVALID_JSON')
  expect(body.message).toContain(naming)
  expect(body.request_id).toBe(response.headers.get('x-request-id') ?? '')
  // Neither Elysia's validation body nor a stack or a source path.
  for (const leak of ['"summary"', '"found"', 'Expected union value', '    at ', '.ts:', 'node_modules']) expect(text).not.toContain(leak)
  return body
}

/** A value the parameter's schema accepts: its first enumerated value (the only required parameters are enums). */
function validValue(parameter: Parameter): string {
  const schema = parameter.schema as { enum?: unknown[]; anyOf?: Array<{ const?: unknown }> } | undefined
  const first = schema?.enum?.[0] ?? schema?.anyOf?.[0]?.const
  if (typeof first !== 'string') throw new Error(`no example value for required parameter ${parameter.name}`)
  return first
}

function queryOperations(): Array<{ path: string; parameters: Parameter[] }> {
  return Object.entries(document.paths).flatMap(([path, item]) => {
    const parameters = (item.get?.parameters ?? []).filter((parameter) => parameter.in === 'query')
    return parameters.length === 0 ? [] : [{ path, parameters }]
  })
}

describe('schema violations answer the envelope naming the field', () => {
  test('a number that is not plain digits is refused, not read as another number', async () => {
    for (const value of ['1.5', '1e2', '0x10', '%205']) {
      const body = await expectEnvelope(await bridge.fetch(new Request(`${PUBLIC_URL}/api/logs?limit=${value}`)), "'limit'")
      expect(body.message).toBe("Query parameter 'limit': expected an integer from 1 to 200")
    }
  })

  test('a parameter name is quoted as given, and a too-long value is named with its bounds', async () => {
    const named = await expectEnvelope(await bridge.fetch(new Request(`${PUBLIC_URL}/api/logs?foo-bar=1`)), "'foo-bar'")
    expect(named.message).toBe("Query parameter 'foo-bar' is not a known parameter")
    const long = await expectEnvelope(await bridge.fetch(new Request(`${PUBLIC_URL}/api/plan?source=openai&provider=${'x'.repeat(65)}`)), "'provider'")
    expect(long.message).toBe("Query parameter 'provider': expected a string of 1 to 64 characters")
  })

  test('the document has query parameters to break', () => {
    expect(queryOperations().map((entry) => entry.path)).toEqual(expect.arrayContaining(['/api/logs', '/api/stats']))
  })

  test('an unknown query parameter, on every route that takes a query', async () => {
    for (const { path, parameters } of queryOperations()) {
      // The route's required parameters with a valid value, so the unknown one is the only fault.
      const required = parameters.filter((parameter) => parameter.required === true).map((parameter) => `${parameter.name}=${encodeURIComponent(validValue(parameter))}&`).join('')
      const body = await expectEnvelope(await bridge.fetch(new Request(`${PUBLIC_URL}${path}?${required}colour=red`)), "'colour'")
      expect(body.message).toBe("Query parameter 'colour' is not a known parameter")
    }
  })

  test('a word where a number belongs, for every numeric query parameter', async () => {
    for (const { path, parameters } of queryOperations()) {
      for (const parameter of parameters.filter((entry) => entry.schema?.type === 'integer' || entry.schema?.type === 'number')) {
        const body = await expectEnvelope(await bridge.fetch(new Request(`${PUBLIC_URL}${path}?${parameter.name}=yesterday`)), `'${parameter.name}'`)
        expect(body.message).toMatch(new RegExp(`^Query parameter '${parameter.name}': expected an? (integer|number)`))
      }
    }
  })

  test('a repeated query parameter', async () => {
    await expectEnvelope(await bridge.fetch(new Request(`${PUBLIC_URL}/api/logs?limit=5&limit=6`)), "Query parameter 'limit' is given more than once")
  })

  test('a path parameter over its length', async () => {
    const body = await expectEnvelope(await bridge.fetch(new Request(`${PUBLIC_URL}/api/logs/${'x'.repeat(201)}`)), "Path parameter 'id'")
    expect(body.message).toBe("Path parameter 'id': expected a request id of 1 to 200 characters")
  })

  test('a body field of the wrong type, an unknown one, a missing one', async () => {
    const post = (body: unknown) =>
      bridge.fetch(new Request(`${PUBLIC_URL}/api/generate-url`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))
    const base = { version: 2, source: { protocol: 'openai' }, target: { provider: 'groq', auth: { token: 'k' } } }
    expect((await expectEnvelope(await post({ ...base, expiresInSeconds: 'soon' }), 'expiresInSeconds')).message).toBe(
      'expiresInSeconds: expected an integer from 1 to 315360000',
    )
    expect((await expectEnvelope(await post({ ...base, colour: 'red' }), 'colour')).message).toBe('colour: unknown field')
    expect((await expectEnvelope(await post({ version: 2, target: base.target }), 'source')).message).toBe('source: required, expected an object')
  })
})

describe('an answer that breaks its own schema', () => {
  test('is a 500 without details, not the client\'s 400', async () => {
    const app = apiModule('broken').get('/api/broken', () => ({ secret: 'sk-should-not-leak' }) as never, { response: { 200: Type.Object({ ok: Type.Boolean() }) } })
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      const response = await app.handle(new Request('http://llm-bridge.internal/api/broken'))
      const text = await response.text()
      expect(response.status).toBe(500)
      expect(JSON.parse(text)).toMatchObject({ error_code: 'INTERNAL_ERROR', message: 'Internal error in the bridge' })
      expect(text).not.toContain('sk-should-not-leak')
    } finally {
      console.error = original
    }
    expect(JSON.stringify(errors)).toContain('GET /api/broken')
  })
})
