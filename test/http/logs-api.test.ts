import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import type { ProxyConfig } from '../../src/core/proxy-config.ts'
import { openToken, sealToken, type KeyRing } from '../../src/core/url-token/index.ts'
import { logsApi } from '../../src/http/logs-api.ts'
import { openRequestLog, type RequestLog } from '../../src/log/index.ts'
import { makeRow, tempDataDir } from '../log/log-test-support.ts'

const ADMIN_KEY = 'admin-key-0123456789abcdef0123456789abcdef'
const CANARY = 'sk-canary-5e1d0b7a9c3f2468'
const RING: KeyRing = { current: 1, keys: new Map([[1, crypto.getRandomValues(new Uint8Array(32))]]) }

function config(tokenId: string): ProxyConfig {
  return {
    tokenId,
    label: `url ${tokenId}`,
    source: { protocol: 'anthropic' },
    target: { protocol: 'openai', baseUrl: 'https://api.openai.com/v1', auth: { type: 'bearer', token: CANARY } },
    model: { mode: 'passthrough' },
    endpoints: { mode: 'auto' },
  }
}

let log: RequestLog
let remove: () => void
let tokenA: string
const answers: string[] = []

beforeEach(async () => {
  const temp = tempDataDir()
  remove = temp.remove
  log = openRequestLog({ dataDir: temp.dir, logBodies: true })
  tokenA = await sealToken(config('tok_a'), RING)
  const start = Date.UTC(2026, 0, 1)
  for (let index = 0; index < 6; index++) {
    log.record(makeRow({
      requestId: `req_${index}`, startedAt: start + index * 1000, tokenId: index % 2 === 0 ? 'tok_a' : 'tok_b',
      status: index === 5 ? 502 : 200, errorCode: index === 5 ? 'UPSTREAM_ERROR' : undefined,
      requestBody: `{"key":"${CANARY}","url":"/proxy/${tokenA}/v1/messages"}`,
    }), { redact: [CANARY] })
  }
  await log.flush()
})

afterEach(async () => {
  await log.close()
  remove()
  // No answer of any test ever carries the key or the URL token.
  for (const text of answers.splice(0)) {
    expect(text).not.toContain(CANARY)
    expect(text).not.toContain(tokenA)
  }
})

function app(isLoopbackBind: boolean) {
  return logsApi({ log, isLoopbackBind, adminKey: ADMIN_KEY, openToken: (token) => openToken(token, RING) })
}

/** The fields these tests read from the API's answers. */
type Answer = {
  rows: Array<{ requestId: string; tokenId?: string; requestBody?: string }>
  nextCursor?: string
  error_code?: string
  message?: string
  requestBody?: string
  totals: { requests: number; errors: number }
  buckets: unknown[]
}

async function get(isLoopbackBind: boolean, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Answer }> {
  const response = await app(isLoopbackBind).handle(new Request(`http://localhost${path}`, { headers }))
  const text = await response.text()
  answers.push(text)
  return { status: response.status, body: JSON.parse(text) as Answer }
}

describe('access to the log', () => {
  test('a loopback bind is open', async () => {
    const { status, body } = await get(true, '/api/logs')
    expect(status).toBe(200)
    expect(body.rows).toHaveLength(6)
  })

  test('a LAN bind without a key answers 401 on every view', async () => {
    for (const path of ['/api/logs', '/api/logs/req_0', '/api/stats', '/api/logs/stream']) {
      const { status, body } = await get(false, path)
      expect(status).toBe(401)
      expect(body.error_code).toBe('MISSING_TOKEN')
    }
  })

  test('a wrong admin key answers 401', async () => {
    const { status, body } = await get(false, '/api/logs', { authorization: 'Bearer not-the-admin-key' })
    expect(status).toBe(401)
    expect(body.error_code).toBe('INVALID_TOKEN')
  })

  test('the admin key reads every row, by header or bearer', async () => {
    expect((await get(false, '/api/logs', { authorization: `Bearer ${ADMIN_KEY}` })).body.rows).toHaveLength(6)
    expect((await get(false, '/api/logs', { 'x-admin-key': ADMIN_KEY })).body.rows).toHaveLength(6)
  })

  test('a proxy URL token reads only the rows of its own URL', async () => {
    const auth = { authorization: `Bearer ${tokenA}` }
    const list = await get(false, '/api/logs?tokenId=tok_b', auth)
    expect(list.body.rows.map((row) => row.tokenId)).toEqual(['tok_a', 'tok_a', 'tok_a'])
    expect((await get(false, '/api/logs/req_0', auth)).status).toBe(200)
    expect((await get(false, '/api/logs/req_1', auth)).status).toBe(404)
    expect((await get(false, '/api/stats?from=0', auth)).body.totals.requests).toBe(3)
  })

  test('a tampered proxy token answers 401', async () => {
    const tampered = `${tokenA.slice(0, -2)}${tokenA.endsWith('A') ? 'BB' : 'AA'}`
    expect((await get(false, '/api/logs', { authorization: `Bearer ${tampered}` })).status).toBe(401)
  })
})

describe('/api/logs', () => {
  test('filters by status class and pages with a cursor', async () => {
    expect((await get(true, '/api/logs?status=5xx')).body.rows.map((row) => row.requestId)).toEqual(['req_5'])
    const first = await get(true, '/api/logs?limit=4')
    expect(first.body.rows).toHaveLength(4)
    const second = await get(true, `/api/logs?limit=4&cursor=${first.body.nextCursor}`)
    expect(second.body.rows.map((row) => row.requestId)).toEqual(['req_1', 'req_0'])
    expect(second.body.nextCursor).toBeUndefined()
  })

  test('the list leaves bodies out; the single row has them, redacted', async () => {
    const list = await get(true, '/api/logs')
    expect(list.body.rows[0]?.requestBody).toBeUndefined()
    const one = await get(true, '/api/logs/req_0')
    expect(one.body.requestBody).toContain('[REDACTED]')
  })

  test('bad parameters answer 400 INVALID_JSON naming the parameter', async () => {
    for (const [query, name] of [['limit=500', 'limit'], ['from=yesterday', 'from'], ['status=abc', 'status'], ['cursor=zzz', 'cursor'], ['colour=red', 'colour']]) {
      const { status, body } = await get(true, `/api/logs?${query}`)
      expect(status).toBe(400)
      expect(body.error_code).toBe('INVALID_JSON')
      expect(body.message).toContain(`'${name}'`)
    }
  })

  test('an unknown id answers 404', async () => {
    expect((await get(true, '/api/logs/nope')).status).toBe(404)
  })
})

describe('/api/stats', () => {
  test('counts the window\'s requests and errors per bucket', async () => {
    const from = Date.UTC(2026, 0, 1)
    const { body } = await get(true, `/api/stats?from=${from}&to=${from + 3_600_000}&bucket=minute`)
    expect(body.totals).toMatchObject({ requests: 6, errors: 1 })
    expect(body.buckets).toEqual([expect.objectContaining({ start: from, requests: 6 })])
  })

  test('minute buckets over more than 7 days answer 400 and name the bucket', async () => {
    const to = Date.UTC(2026, 0, 31)
    const refused = await get(true, `/api/stats?from=${to - 8 * 86_400_000}&to=${to}&bucket=minute`)
    expect(refused.status).toBe(400)
    expect(refused.body.error_code).toBe('INVALID_JSON')
    expect(refused.body.message).toContain("'bucket'")
    expect((await get(true, `/api/stats?from=${to - 7 * 86_400_000}&to=${to}&bucket=minute`)).status).toBe(200)
    expect((await get(true, `/api/stats?from=${to - 8 * 86_400_000}&to=${to}&bucket=hour`)).status).toBe(200)
  })

  test('an unknown bucket answers 400', async () => {
    expect((await get(true, '/api/stats?bucket=week')).body.message).toContain("'bucket'")
  })
})
