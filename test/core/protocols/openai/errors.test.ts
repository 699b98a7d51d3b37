import { afterAll, describe, expect, test } from 'bun:test'
import { AuthenticationError, BadRequestError, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError } from 'openai'
import { BridgeError } from '../../../../src/core/errors.ts'
import { decodeOpenaiError as decodeError } from '../../../../src/core/protocols/openai/decode-error.ts'
import { encodeOpenaiError as encodeError } from '../../../../src/core/protocols/openai/encode-error.ts'
import { parseGoDuration } from '../../../../src/core/protocols/openai/read-retry-after.ts'
import { fixtureJson } from './fixture-stream.ts'
import { CLIENT_MODEL, startSdkServer } from './sdk-server.ts'

const noHeaders = new Headers()

describe('upstream errors are decoded with the upstream message', () => {
  test('recorded OpenAI unsupported-parameter 400 keeps its message and stays an invalid request', () => {
    const body = fixtureJson('openai-error-400-unsupported-parameter.json') as { error: { message: string } }
    const error = decodeError(400, body, noHeaders)
    expect(error.kind).toBe('invalid-request')
    expect(error.status).toBe(400)
    expect(error.upstreamStatus).toBe(400)
    expect(error.message).toBe(body.error.message)
  })

  test('recorded OpenRouter error with a numeric code keeps its message', () => {
    const body = fixtureJson('openrouter-error-400.json') as { error: { message: string } }
    const error = decodeError(400, body, noHeaders)
    expect(error.message).toBe(body.error.message)
    expect(error.kind).toBe('invalid-request')
  })

  const contextLengthBodies: Array<[string, unknown]> = [
    ['OpenAI code', { error: { message: 'This model\'s maximum context length is 128000 tokens.', type: 'invalid_request_error', code: 'context_length_exceeded' } }],
    ['DeepSeek phrasing', { error: { message: 'This model\'s maximum context length is 65536 tokens. However, you requested 70000 tokens. Please reduce the length of the messages.', type: 'invalid_request_error', code: 'invalid_request_error' } }],
    ['Groq phrasing', { error: { message: 'Please reduce the length of the messages or completion.', type: 'invalid_request_error', code: 'context_length_exceeded' } }],
    ['vLLM FastAPI detail', { detail: 'This model\'s maximum context length is 32768 tokens.' }],
    ['Ollama plain error string', { error: 'prompt is too long' }],
    ['too many tokens', { message: 'Request has too many tokens' }],
  ]
  for (const [label, body] of contextLengthBodies) {
    test(`context overflow is recognised (${label}) so the client can compact`, () => {
      const error = decodeError(400, body, noHeaders)
      expect(error.kind).toBe('context-length')
      expect(error.status).toBe(400)
    })
  }

  test('azure content-filter 400 is a refusal by policy, with its message', () => {
    const error = decodeError(400, fixtureJson('azure-error-400-content-filter.json'), new Headers())
    expect({ kind: error.kind, status: error.status, refusal: error.refusal }).toEqual({ kind: 'invalid-request', status: 400, refusal: true })
    expect(error.message).toStartWith('The response was filtered due to the prompt')
    expect(decodeError(400, { error: { message: 'bad', code: 'invalid_value' } }, new Headers()).refusal).toBeUndefined()
  })

  test('an unrelated 400 is not taken for a context overflow', () => {
    expect(decodeError(400, { error: { message: 'Invalid value for tool_choice' } }, noHeaders).kind).toBe('invalid-request')
  })

  test('429 retry hints: retry-after-ms, retry-after seconds, HTTP date and x-ratelimit-reset durations', () => {
    const at = (headers: Record<string, string>) => decodeError(429, { error: { message: 'slow down' } }, new Headers(headers)).retryAfterSeconds
    expect(at({ 'retry-after-ms': '1500' })).toBe(2)
    expect(at({ 'retry-after': '7' })).toBe(7)
    expect(at({ 'x-ratelimit-reset-requests': '12ms', 'x-ratelimit-reset-tokens': '6m0s' })).toBe(360)
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString()
    const fromDate = at({ 'retry-after': inTenSeconds }) ?? 0
    expect(fromDate).toBeGreaterThan(5)
    expect(fromDate).toBeLessThanOrEqual(11)
    expect(at({})).toBeUndefined()
  })

  test('Go durations parse and garbage does not', () => {
    expect(parseGoDuration('1h2m3.5s')).toBe(3723.5)
    expect(parseGoDuration('soon')).toBeUndefined()
  })

  test('quota exhaustion is a rate limit that must not be retried', () => {
    const error = decodeError(429, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }, noHeaders)
    expect(error.kind).toBe('rate-limit')
    expect(error.retryable).toBe(false)
  })

  test('status classes: 401, 403, 404, 500, 503, 504', () => {
    const kinds = [401, 403, 404, 500, 503, 504].map((status) => decodeError(status, 'x', noHeaders).kind)
    expect(kinds).toEqual(['authentication', 'permission', 'not-found', 'upstream', 'overloaded', 'upstream-timeout'])
  })

  test('an API key echoed by the upstream is masked', () => {
    const error = decodeError(401, { error: { message: 'Incorrect API key provided: sk-proj-abcdef123456. Find your key.' } }, noHeaders)
    expect(error.message.includes('abcdef123456')).toBe(false)
  })
})

describe('encoded errors make the official SDK raise its typed error with our message', () => {
  const server = startSdkServer()
  afterAll(() => server.stop())
  const call = async (error: BridgeError): Promise<unknown> => {
    server.answer({ kind: 'error', error })
    try {
      await server.client.chat.completions.create({ model: CLIENT_MODEL, messages: [{ role: 'user', content: 'hi' }] })
    } catch (caught) {
      return caught
    }
    throw new Error('the SDK did not throw')
  }
  const cases: Array<[BridgeError, unknown]> = [
    [new BridgeError({ kind: 'rate-limit', code: 'RATE_LIMITED', status: 429, message: 'Rate limited upstream', retryAfterSeconds: 3 }), RateLimitError],
    [new BridgeError({ kind: 'invalid-request', code: 'INVALID_JSON', status: 400, message: 'messages must be an array' }), BadRequestError],
    [new BridgeError({ kind: 'authentication', code: 'INVALID_TOKEN', status: 401, message: 'Invalid proxy token' }), AuthenticationError],
    [new BridgeError({ kind: 'permission', code: 'EGRESS_DENIED', status: 403, message: 'Egress denied' }), PermissionDeniedError],
    [new BridgeError({ kind: 'not-found', code: 'NOT_FOUND', status: 404, message: 'No such model' }), NotFoundError],
    [new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'Upstream broke' }), InternalServerError],
  ]
  for (const [error, errorClass] of cases) {
    test(`${error.kind} → ${(errorClass as { name: string }).name}`, async () => {
      const caught = await call(error)
      expect(caught).toBeInstanceOf(errorClass as new (...args: never[]) => unknown)
      expect((caught as { status: number }).status).toBe(error.status)
      expect((caught as Error).message).toContain(error.message)
    })
  }

  test('context overflow reaches the client as 400 context_length_exceeded', async () => {
    const caught = await call(new BridgeError({ kind: 'context-length', code: 'UPSTREAM_ERROR', status: 400, upstreamStatus: 400, message: 'maximum context length exceeded' }))
    expect(caught).toBeInstanceOf(BadRequestError)
    expect((caught as BadRequestError).code).toBe('context_length_exceeded')
    expect((caught as BadRequestError).type).toBe('invalid_request_error')
  })
})

test('the encoded body carries the bridge fields beside the OpenAI error object', () => {
  const error = new BridgeError({ kind: 'rate-limit', code: 'RATE_LIMITED', status: 429, message: 'Slow down', upstreamStatus: 429, retryAfterSeconds: 4 })
  const encoded = encodeError(error, { requestId: 'req_1', provider: 'groq', endpointGroup: 'chat', docsUrl: 'https://docs.example/errors' })
  expect(encoded.status).toBe(429)
  expect(encoded.headers['retry-after']).toBe('4')
  expect(encoded.body).toEqual({
    error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
    error_code: 'RATE_LIMITED',
    message: 'Slow down',
    provider: 'groq',
    endpoint_group: 'chat',
    request_id: 'req_1',
    docs_url: 'https://docs.example/errors',
    upstream_status: 429,
  })
})
