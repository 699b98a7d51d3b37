/**
 * The error contract of README "Errors", through the real server (Bun.serve on port 0, URLs
 * minted through the API) in front of a real mock upstream: for every code the proxy answers, on
 * every path (Anthropic and OpenAI clients, translated and same-protocol passthrough), the
 * table's status, the bridge's fields (error_code, message, provider, endpoint_group, request_id,
 * docs_url, upstream_status when an upstream answered) beside the client protocol's native error,
 * and the typed error the official SDK raises for it. Passthrough keeps the upstream's own status
 * and error fields and adds the bridge's beside them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import type { ErrorCode } from '../../src/core/errors.ts'
import { mintUrl, serveBridge, tamperToken, type ServedBridge } from './test-server.ts'

type Protocol = 'anthropic' | 'openai'
type PathName = 'anthropic→openai' | 'openai→anthropic' | 'anthropic→anthropic' | 'openai→openai'
const PATHS: Record<PathName, { source: Protocol; target: Protocol }> = {
  'anthropic→openai': { source: 'anthropic', target: 'openai' },
  'openai→anthropic': { source: 'openai', target: 'anthropic' },
  'anthropic→anthropic': { source: 'anthropic', target: 'anthropic' },
  'openai→openai': { source: 'openai', target: 'openai' },
}
const TRANSLATED: PathName[] = ['anthropic→openai', 'openai→anthropic']
const PASSTHROUGH: PathName[] = ['anthropic→anthropic', 'openai→openai']
const ALL: PathName[] = [...TRANSLATED, ...PASSTHROUGH]

const UPSTREAM_KEY = 'sk-contract-upstream-key-0123456789'
const MAX_BODY_BYTES = 64 * 1024
const FIRST_BYTE_MS = 300

// ---------------------------------------------------------------- the mock upstream

/** Error answers as the providers send them, per upstream protocol. */
const UPSTREAM_ERRORS: Record<string, Record<Protocol, { status: number; body: unknown; headers?: Record<string, string> }>> = {
  'bad-key': {
    anthropic: { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' }, request_id: 'req_upstream_1' } },
    openai: { status: 401, body: { error: { message: `Incorrect API key provided: ${UPSTREAM_KEY}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } },
  },
  'too-long': {
    anthropic: { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210012 tokens > 200000 maximum' } } },
    openai: { status: 400, body: { error: { message: "This model's maximum context length is 128000 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } } },
  },
  'rate-limit': {
    anthropic: { status: 429, headers: { 'retry-after': '7' }, body: { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your rate limit' } } },
    openai: { status: 429, headers: { 'retry-after': '7' }, body: { error: { message: 'Rate limit reached for gpt-4o', type: 'tokens', param: null, code: 'rate_limit_exceeded' } } },
  },
  failing: {
    anthropic: { status: 500, body: { type: 'error', error: { type: 'api_error', message: 'Internal server error' } } },
    openai: { status: 500, body: { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } } },
  },
  overloaded: {
    anthropic: { status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
    openai: { status: 529, body: { error: { message: 'The engine is currently overloaded', type: 'server_error', param: null, code: null } } },
  },
}

const GATEWAY_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>'

/** The base path says what to answer: /s/{scenario}/{protocol}/…, so each test mints its own behaviour. */
async function answerAsUpstream(request: Request): Promise<Response> {
  const [, , scenario = '', protocol = 'openai'] = new URL(request.url).pathname.split('/')
  if (scenario === 'gateway-html') return new Response(GATEWAY_PAGE, { status: 502, headers: { 'content-type': 'text/html' } })
  if (scenario === 'slow') {
    // Headers now, the body long after the bridge's first-byte deadline.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await Bun.sleep(FIRST_BYTE_MS * 10)
        controller.enqueue(new TextEncoder().encode('{}'))
        controller.close()
      },
    })
    return new Response(body, { headers: { 'content-type': 'application/json' } })
  }
  const reply = UPSTREAM_ERRORS[scenario]?.[protocol as Protocol]
  if (reply === undefined) return Response.json({ error: { message: `no scenario ${scenario}` } }, { status: 418 })
  return Response.json(reply.body, { status: reply.status, headers: reply.headers ?? {} })
}

/** The upstream fetch: real, except for the scenario that stands for a bug in the bridge. */
const upstreamFetch = Object.assign(
  (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    String(input instanceof Request ? input.url : input).includes('/s/broken/') ? Promise.resolve({} as Response) : fetch(input, init),
  { preconnect: fetch.preconnect },
) as typeof fetch

let upstream: ReturnType<typeof Bun.serve>
let served: ServedBridge
/** An address allowed when a URL is minted, refused when it is used. */
let revokedHost: string

beforeAll(async () => {
  upstream = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: answerAsUpstream })
  revokedHost = `127.0.0.1:${(upstream.port ?? 0) + 1}`
  served = await serveBridge({
    fetch: upstreamFetch,
    config: {
      allowHosts: [`127.0.0.1:${upstream.port}`],
      maxBodyBytes: MAX_BODY_BYTES,
      timeouts: { connectMs: 5_000, firstByteMs: FIRST_BYTE_MS, idleMs: 5_000 },
    },
  })
})

afterAll(async () => {
  await served.stop()
  await upstream.stop(true)
})

// ---------------------------------------------------------------- minting and calling

type UrlOptions = { retry?: { maxAttempts: number; maxDelayMs?: number }; endpoints?: 'auto' | 'translate' | 'passthrough'; host?: string }

const PROVIDER: Record<Protocol, string> = { anthropic: 'anthropic', openai: 'openai' }

async function mintFor(path: PathName, scenario: string, options: UrlOptions = {}): Promise<string> {
  const { source, target } = PATHS[path]
  const host = options.host ?? `127.0.0.1:${upstream.port}`
  const base = `http://${host}/s/${scenario}/${target}`
  const body: Record<string, unknown> = {
    version: 2,
    source: { protocol: source },
    target: { protocol: target, provider: PROVIDER[target], baseUrl: target === 'openai' ? `${base}/v1` : base, auth: { type: target === 'openai' ? 'bearer' : 'x-api-key', token: UPSTREAM_KEY } },
    model: { mode: 'passthrough' },
  }
  if (options.retry !== undefined) body.retry = options.retry
  if (options.endpoints !== undefined) body.endpoints = { mode: options.endpoints }
  if (options.host === undefined) return mintUrl(served.url, body)
  served.config.allowHosts.push(options.host)
  try {
    return await mintUrl(served.url, body)
  } finally {
    served.config.allowHosts.splice(served.config.allowHosts.indexOf(options.host), 1)
  }
}

type Call = { method: string; path: string; body?: string; group: string }

const CHAT: Record<Protocol, Call> = {
  anthropic: { method: 'POST', path: 'v1/messages', group: 'chat', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }) },
  openai: { method: 'POST', path: 'v1/chat/completions', group: 'chat', body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }) },
}

function send(proxyUrl: string, call: Call): Promise<Response> {
  return fetch(`${proxyUrl}/${call.path}`, {
    method: call.method,
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    ...(call.body === undefined ? {} : { body: call.body }),
  })
}

/** What the official SDK of the client protocol raises for the same chat request. */
async function sdkError(source: Protocol, proxyUrl: string): Promise<unknown> {
  const fail = (caught: unknown) => caught
  if (source === 'anthropic') {
    const client = new Anthropic({ baseURL: proxyUrl, apiKey: 'client-key', maxRetries: 0 })
    return client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }).then(() => undefined, fail)
  }
  const client = new OpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: 'client-key', maxRetries: 0 })
  return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }).then(() => undefined, fail)
}

/** The typed error each SDK raises for a status (both pick the class by status alone). */
function sdkClassFor(source: Protocol, status: number): abstract new (...args: never[]) => Error {
  if (source === 'anthropic') {
    const classes: Record<number, abstract new (...args: never[]) => Error> = {
      400: Anthropic.BadRequestError, 401: Anthropic.AuthenticationError, 403: Anthropic.PermissionDeniedError, 404: Anthropic.NotFoundError,
      413: Anthropic.ContentTooLargeError, 429: Anthropic.RateLimitError, 503: Anthropic.ServiceUnavailableError, 504: Anthropic.GatewayTimeoutError,
    }
    return classes[status] ?? (status >= 500 ? Anthropic.InternalServerError : Anthropic.APIError)
  }
  const classes: Record<number, abstract new (...args: never[]) => Error> = {
    400: OpenAI.BadRequestError, 401: OpenAI.AuthenticationError, 403: OpenAI.PermissionDeniedError, 404: OpenAI.NotFoundError, 429: OpenAI.RateLimitError,
  }
  return classes[status] ?? (status >= 500 ? OpenAI.InternalServerError : OpenAI.APIError)
}

// ---------------------------------------------------------------- the table

type Case = {
  code: ErrorCode
  when: string
  paths: PathName[]
  status: number | ((path: PathName) => number)
  /** The upstream's status, when the upstream answered. */
  upstreamStatus?: number
  scenario?: string
  url?: UrlOptions
  /** The call for a source protocol; the chat request by default. */
  call?: (source: Protocol) => Call
  /** The native Anthropic `error.type` an Anthropic client must see (on passthrough, the upstream's own). */
  anthropicType?: string
  /** Words of the message. */
  says?: string
  /** Whether the official SDK is asked too (the call must then be the chat request). */
  sdk?: boolean
  /** Passthrough: the upstream's own error object must be there, unchanged. */
  keepsUpstreamError?: boolean
}

const NO_RETRY = { maxAttempts: 1 }
const FAST_RETRY = { maxAttempts: 2, maxDelayMs: 0 }
const keepsStatus = (translated: number, passthrough: number) => (path: PathName) => (TRANSLATED.includes(path) ? translated : passthrough)

const CASES: Case[] = [
  {
    code: 'INVALID_JSON', when: 'the body is not JSON', paths: ALL, status: 400, anthropicType: 'invalid_request_error',
    call: (source) => ({ ...CHAT[source], body: '{"model": "x", "messages": [' }),
  },
  {
    code: 'NOT_FOUND', when: 'the path is no endpoint of the client protocol', paths: ALL, status: 404, anthropicType: 'not_found_error',
    call: () => ({ method: 'POST', path: 'v1/no-such-endpoint', body: '{}', group: 'none' }),
  },
  {
    code: 'UNSUPPORTED_ENDPOINT', when: 'the URL cannot serve the endpoint group (chat needs translation, passthrough only)', paths: TRANSLATED, status: 400,
    url: { endpoints: 'passthrough' }, sdk: true,
  },
  {
    code: 'UNSUPPORTED_ENDPOINT', when: 'the URL cannot serve the endpoint group (files, translate only)', paths: PASSTHROUGH, status: 400,
    url: { endpoints: 'translate' }, call: () => ({ method: 'GET', path: 'v1/files', group: 'files' }),
  },
  {
    code: 'PAYLOAD_TOO_LARGE', when: 'the body is over --max-body-bytes', paths: ALL, status: 413,
    call: (source) => ({ ...CHAT[source], body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(MAX_BODY_BYTES) }] }) }),
  },
  {
    code: 'EGRESS_DENIED', when: 'the upstream address is no longer allowed when the URL is used', paths: ALL, status: 403, anthropicType: 'permission_error',
    url: { host: 'revoked' }, sdk: true,
  },
  {
    code: 'UPSTREAM_ERROR', when: 'the upstream rejects the key (401)', paths: ALL, status: 401, upstreamStatus: 401, scenario: 'bad-key',
    anthropicType: 'authentication_error', sdk: true, keepsUpstreamError: true,
  },
  {
    code: 'UPSTREAM_ERROR', when: 'the prompt overflows the context (400)', paths: ALL, status: 400, upstreamStatus: 400, scenario: 'too-long',
    anthropicType: 'invalid_request_error', says: 'prompt is too long|maximum context length', sdk: true, keepsUpstreamError: true,
  },
  {
    code: 'UPSTREAM_ERROR', when: 'the upstream fails (500) and retries are off', paths: ALL, status: keepsStatus(502, 500), upstreamStatus: 500, scenario: 'failing',
    url: { retry: NO_RETRY }, anthropicType: 'api_error', sdk: true, keepsUpstreamError: true,
  },
  {
    code: 'UPSTREAM_ERROR', when: 'a gateway in front of the upstream answers 502 with an HTML page', paths: ALL, status: 502, upstreamStatus: 502, scenario: 'gateway-html',
    url: { retry: NO_RETRY }, anthropicType: 'api_error', says: 'Bad Gateway', sdk: true,
  },
  {
    code: 'RATE_LIMITED', when: 'the upstream rate-limits every attempt', paths: ALL, status: 429, upstreamStatus: 429, scenario: 'rate-limit',
    url: { retry: FAST_RETRY }, anthropicType: 'rate_limit_error', says: 'rate limit', sdk: true,
  },
  {
    code: 'RATE_LIMITED', when: 'the upstream rate-limits and retries are off', paths: ALL, status: 429, upstreamStatus: 429, scenario: 'rate-limit',
    url: { retry: NO_RETRY }, anthropicType: 'rate_limit_error', says: 'rate limit', sdk: true, keepsUpstreamError: true,
  },
  {
    code: 'UPSTREAM_TIMEOUT', when: 'the upstream sends no body within the first-byte deadline', paths: ALL, status: 504, scenario: 'slow',
    anthropicType: 'timeout_error', sdk: true,
  },
  {
    code: 'RETRY_EXHAUSTED', when: 'every attempt failed with 500', paths: ALL, status: 503, upstreamStatus: 500, scenario: 'failing',
    url: { retry: FAST_RETRY }, anthropicType: 'api_error', sdk: true,
  },
  {
    code: 'RETRY_EXHAUSTED', when: 'every attempt was refused as overloaded (529)', paths: ALL, status: 503, upstreamStatus: 529, scenario: 'overloaded',
    url: { retry: FAST_RETRY }, anthropicType: 'overloaded_error', sdk: true,
  },
  {
    code: 'INTERNAL_ERROR', when: 'the bridge itself fails', paths: ALL, status: 500, scenario: 'broken', anthropicType: 'api_error', sdk: true,
  },
]

// ---------------------------------------------------------------- the checks

type Body = Record<string, unknown> & { error?: unknown }

async function expectContract(response: Response, expected: { code: ErrorCode; status: number; provider: string | null; group: string | null; upstreamStatus?: number }): Promise<Body> {
  const text = await response.text()
  expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({ status: expected.status, type: 'application/json' })
  const body = JSON.parse(text) as Body
  const requestId = response.headers.get('x-request-id')
  expect(requestId).toStartWith('req_')
  const message = body.message
  expect(typeof message === 'string' && message.length > 0).toBe(true)
  // A copy: Bun's toMatchObject writes its asymmetric matchers into the object it is given.
  expect(structuredClone(body)).toMatchObject({
    error_code: expected.code,
    message: expect.any(String),
    provider: expected.provider,
    endpoint_group: expected.group,
    request_id: requestId,
    docs_url: expect.stringContaining('#errors'),
  })
  if (expected.upstreamStatus === undefined) expect(body).not.toHaveProperty('upstream_status')
  else expect(body.upstream_status).toBe(expected.upstreamStatus)
  expect(text).not.toContain(UPSTREAM_KEY)
  return body
}

function expectNativeShape(source: Protocol, body: Body, message: string): void {
  if (source === 'anthropic') {
    expect(body.type).toBe('error')
    expect(structuredClone(body.error)).toMatchObject({ type: expect.any(String), message: expect.any(String) })
  } else {
    expect(structuredClone(body.error)).toMatchObject({ message: expect.any(String) })
  }
  // The bridge's message is the native one (a client reading either sees the same words).
  expect((body.error as { message: string }).message).toContain(message.slice(0, 20))
}

describe("every code of README's table on every path: status, fields, native shape, typed SDK error", () => {
  for (const entry of CASES) {
    for (const path of entry.paths) {
      const { source, target } = PATHS[path]
      const status = typeof entry.status === 'number' ? entry.status : entry.status(path)
      test(`${entry.code} ${status}, ${path}: ${entry.when}`, async () => {
        const host = entry.url?.host === 'revoked' ? revokedHost : undefined
        const proxyUrl = await mintFor(path, entry.scenario ?? 'none', { ...entry.url, ...(host === undefined ? {} : { host }) })
        const call = entry.call?.(source) ?? CHAT[source]
        const guarded = entry.code === 'PAYLOAD_TOO_LARGE'
        const body = await expectContract(await send(proxyUrl, call), {
          code: entry.code, status,
          // A body refused before the token is opened knows no URL yet.
          provider: guarded ? null : PROVIDER[target],
          group: guarded || call.group === 'none' ? null : call.group,
          ...(entry.upstreamStatus === undefined ? {} : { upstreamStatus: entry.upstreamStatus }),
        })
        if (!guarded) expectNativeShape(source, body, body.message as string)
        if (entry.says !== undefined) expect(body.message as string).toMatch(new RegExp(entry.says, 'i'))
        if (source === 'anthropic' && entry.anthropicType !== undefined) expect((body.error as { type: string }).type).toBe(entry.anthropicType)
        if (entry.keepsUpstreamError && PASSTHROUGH.includes(path)) {
          const own = UPSTREAM_ERRORS[entry.scenario!]![target].body as Body
          expect(body.error).toEqual(JSON.parse(JSON.stringify(own.error).replaceAll(UPSTREAM_KEY, '[redacted]')))
        }
        if (entry.sdk !== true) return
        const raised = await sdkError(source, proxyUrl)
        expect(raised).toBeInstanceOf(sdkClassFor(source, status))
        expect((raised as { status?: number }).status).toBe(status)
        expect((raised as Error).message).toContain((body.message as string).slice(0, 20))
        // 529 is Anthropic's own overload status; the bridge never answers it for an error of its own.
        if (source === 'anthropic') expect(raised).not.toBeInstanceOf(Anthropic.OverloadedError)
      })
    }
  }
})

describe('codes answered before a URL is opened, for each client protocol', () => {
  const cases: Array<{ code: ErrorCode; status: number; url: () => Promise<string> }> = [
    { code: 'MISSING_TOKEN', status: 400, url: async () => `${served.url}/proxy` },
    { code: 'INVALID_TOKEN', status: 401, url: async () => tamperToken(await mintFor('anthropic→openai', 'none')) },
  ]
  for (const entry of cases) {
    for (const source of ['anthropic', 'openai'] as const) {
      test(`${entry.code} ${entry.status}, ${source} client`, async () => {
        const url = await entry.url()
        await expectContract(await send(url, CHAT[source]), { code: entry.code, status: entry.status, provider: null, group: null })
        if (entry.code === 'MISSING_TOKEN') return
        const raised = await sdkError(source, url)
        expect(raised).toBeInstanceOf(sdkClassFor(source, entry.status))
      })
    }
  }
})

describe('codes of the console and API (no client protocol: the envelope alone)', () => {
  // LOG_UNAVAILABLE: test/log/reader-thread.test.ts; CLIENT_STALLED is a log row only: test/proxy/slow-client.test.ts.
  const cases: Array<{ code: ErrorCode; status: number; path: string; init: RequestInit }> = [
    { code: 'NOT_FOUND', status: 404, path: '/no-such-page', init: {} },
    { code: 'FORBIDDEN', status: 403, path: '/api/generate-url', init: { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: '{}' } },
  ]
  for (const entry of cases) {
    test(`${entry.code} ${entry.status}`, async () => {
      await expectContract(await fetch(`${served.url}${entry.path}`, entry.init), { code: entry.code, status: entry.status, provider: null, group: null })
    })
  }
})

describe('passthrough of the other endpoint groups: the upstream error with the fields beside it', () => {
  const groups: Array<{ path: PathName; call: Call }> = [
    { path: 'anthropic→anthropic', call: { method: 'GET', path: 'v1/models', group: 'models' } },
    { path: 'anthropic→anthropic', call: { method: 'POST', path: 'v1/messages/count_tokens', group: 'count_tokens', body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] }) } },
    { path: 'openai→openai', call: { method: 'GET', path: 'v1/models', group: 'models' } },
    { path: 'openai→openai', call: { method: 'POST', path: 'v1/embeddings', group: 'embeddings', body: JSON.stringify({ model: 'text-embedding-3-small', input: 'Hi' }) } },
  ]
  for (const { path, call } of groups) {
    const target = PATHS[path].target
    test(`${path} ${call.method} ${call.path}: an upstream 401 keeps its own error, with UPSTREAM_ERROR and upstream_status`, async () => {
      const body = await expectContract(await send(await mintFor(path, 'bad-key'), call), { code: 'UPSTREAM_ERROR', status: 401, provider: PROVIDER[target], group: call.group, upstreamStatus: 401 })
      const own = UPSTREAM_ERRORS['bad-key']![target].body as Body
      expect(body.error).toEqual(JSON.parse(JSON.stringify(own.error).replaceAll(UPSTREAM_KEY, '[redacted]')))
    })

    test(`${path} ${call.method} ${call.path}: retries exhausted on 500s is 503 RETRY_EXHAUSTED`, async () => {
      await expectContract(await send(await mintFor(path, 'failing', { retry: FAST_RETRY }), call), { code: 'RETRY_EXHAUSTED', status: 503, provider: PROVIDER[target], group: call.group, upstreamStatus: 500 })
    })
  }

  test("Anthropic's own request_id is kept beside the bridge's as upstream_request_id", async () => {
    const response = await send(await mintFor('anthropic→anthropic', 'bad-key'), CHAT.anthropic)
    const body = (await response.json()) as Body
    expect(body.request_id).toBe(response.headers.get('x-request-id'))
    expect(body.upstream_request_id).toBe('req_upstream_1')
  })
})
