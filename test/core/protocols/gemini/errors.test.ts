import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import { decodeGeminiError } from '../../../../src/core/protocols/gemini/decode-error.ts'
import { encodeGeminiError } from '../../../../src/core/protocols/gemini/encode-error.ts'
import { fixtureJson } from './support.ts'

const META = { requestId: 'req-9', provider: 'google', endpointGroup: 'chat' as const, docsUrl: 'https://example.test/errors' }

describe('upstream Gemini errors → BridgeError', () => {
  test('a recorded 404 keeps its message and is not retried', () => {
    const error = decodeGeminiError(404, fixtureJson('gemini-error-404.json'), new Headers())
    expect(error).toMatchObject({ kind: 'not-found', status: 404, upstreamStatus: 404, retryable: false })
    expect(error.message).toContain('models/gemini-nonexistent-rig-test is not found')
  })

  test('a recorded 429 takes its retry delay from RetryInfo in the body', () => {
    const error = decodeGeminiError(429, fixtureJson('gemini-error-429-retry-info.json'), new Headers())
    expect(error).toMatchObject({ kind: 'rate-limit', code: 'RATE_LIMITED', status: 429, retryable: true, retryAfterSeconds: 35 })
  })

  test('a per-day quota is not retried', () => {
    const body = { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] }] } }
    expect(decodeGeminiError(429, body, new Headers()).retryable).toBe(false)
  })

  test('an invalid API key (a 400 with API_KEY_INVALID) is an authentication error, key redacted', () => {
    const body = { error: { code: 400, message: 'API key not valid: AIzaSyDUMMYDUMMYDUMMY12345', status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] } }
    const error = decodeGeminiError(400, body, new Headers())
    expect(error).toMatchObject({ kind: 'authentication', status: 401 })
    expect(error.message).not.toContain('DUMMY')
  })

  test('an over-long prompt is a context-length error', () => {
    const body = { error: { code: 400, message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', status: 'INVALID_ARGUMENT' } }
    expect(decodeGeminiError(400, body, new Headers())).toMatchObject({ kind: 'context-length', status: 400 })
  })

  test('server errors, overload, timeouts and text bodies', () => {
    expect(decodeGeminiError(500, { error: { code: 500, message: 'Internal', status: 'INTERNAL' } }, new Headers())).toMatchObject({ kind: 'upstream', status: 502, retryable: true })
    expect(decodeGeminiError(503, { error: { code: 503, message: 'Overloaded', status: 'UNAVAILABLE' } }, new Headers())).toMatchObject({ kind: 'overloaded', status: 503, retryable: true })
    expect(decodeGeminiError(504, { error: { code: 504, message: 'Deadline', status: 'DEADLINE_EXCEEDED' } }, new Headers())).toMatchObject({ kind: 'upstream-timeout', status: 504 })
    expect(decodeGeminiError(502, '<html>Bad Gateway</html>', new Headers())).toMatchObject({ kind: 'upstream', message: '<html>Bad Gateway</html>' })
  })
})

describe('BridgeError → google.rpc.Status with the bridge fields beside it', () => {
  test('the status, its rpc name, the message and the bridge fields', () => {
    const error = new BridgeError({ kind: 'not-found', code: 'UPSTREAM_ERROR', status: 404, message: 'No such model', upstreamStatus: 404 })
    expect(encodeGeminiError(error, META)).toEqual({
      status: 404,
      headers: {},
      body: {
        error: { code: 404, message: 'No such model', status: 'NOT_FOUND' },
        error_code: 'UPSTREAM_ERROR',
        message: 'No such model',
        provider: 'google',
        endpoint_group: 'chat',
        request_id: 'req-9',
        docs_url: 'https://example.test/errors',
        upstream_status: 404,
      },
    })
  })

  test('a rate limit carries retry-after and a RetryInfo detail', () => {
    const error = new BridgeError({ kind: 'rate-limit', code: 'RATE_LIMITED', status: 429, message: 'Slow down', retryAfterSeconds: 12 })
    const encoded = encodeGeminiError(error, META)
    expect(encoded.headers).toEqual({ 'retry-after': '12' })
    expect(encoded.body).toMatchObject({
      error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' }] },
    })
  })

  test('bridge-side errors keep their own status', () => {
    const encode = (status: number) => (encodeGeminiError(new BridgeError({ kind: 'internal', code: 'INTERNAL_ERROR', status, message: 'm' }), META).body as { error: { status: string } }).error.status
    expect([encode(400), encode(401), encode(403), encode(413), encode(500), encode(502), encode(504)]).toEqual([
      'INVALID_ARGUMENT', 'UNAUTHENTICATED', 'PERMISSION_DENIED', 'INVALID_ARGUMENT', 'INTERNAL', 'UNAVAILABLE', 'DEADLINE_EXCEEDED',
    ])
  })
})
