import { describe, expect, test } from 'bun:test'
import { BadRequestError, NotFoundError, OverloadedError, RateLimitError, ServiceUnavailableError, type APIError } from '@anthropic-ai/sdk'
import { BridgeError } from '../../../../src/core/errors.ts'
import { decodeAnthropicError } from '../../../../src/core/protocols/anthropic/decode-error.ts'
import { encodeAnthropicError } from '../../../../src/core/protocols/anthropic/encode-error.ts'
import { readFixtureJson, withSdk } from './support.ts'

const meta = { requestId: 'req_bridge_1', provider: 'groq', endpointGroup: 'chat' as const, docsUrl: 'https://docs.example/errors' }

/** The encoded error served to the official SDK: what Claude Code would raise. */
async function sdkErrorFor(error: BridgeError): Promise<APIError> {
  const encoded = encodeAnthropicError(error, meta)
  return withSdk(JSON.stringify(encoded.body), { status: encoded.status, headers: { 'content-type': 'application/json', ...encoded.headers } }, (client) =>
    client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).then(
      () => { throw new Error('expected an error') },
      (caught: unknown) => caught as APIError,
    ))
}

describe('Anthropic errors', () => {
  test('the recorded 404 body decodes to not-found with the upstream message', () => {
    const error = decodeAnthropicError(404, readFixtureJson('anthropic-error-404.json'), new Headers())
    expect(error).toMatchObject({ kind: 'not-found', status: 404, upstreamStatus: 404, message: 'model: claude-nonexistent-rig-test', retryable: false })
  })

  test('rate limits keep retry-after; overload is retryable', () => {
    const limited = decodeAnthropicError(429, { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, new Headers({ 'retry-after': '7' }))
    expect(limited).toMatchObject({ kind: 'rate-limit', retryable: true, retryAfterSeconds: 7 })
    expect(decodeAnthropicError(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, new Headers()))
      .toMatchObject({ kind: 'overloaded', retryable: true })
  })

  test('an in-stream overloaded_error (HTTP 200) is UPSTREAM_ERROR with its README status 502, not a 529 nobody sent', () => {
    expect(decodeAnthropicError(200, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, new Headers()))
      .toMatchObject({ kind: 'overloaded', code: 'UPSTREAM_ERROR', status: 502 })
  })

  test('"prompt is too long" is recognised as a context-length error', () => {
    const error = decodeAnthropicError(400, { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } }, new Headers())
    expect(error.kind).toBe('context-length')
  })

  test('a non-JSON error body still yields its text', () => {
    expect(decodeAnthropicError(502, '<html>Bad gateway</html>', new Headers())).toMatchObject({ kind: 'upstream', message: '<html>Bad gateway</html>', retryable: true })
  })

  test('encoded errors carry the Anthropic shape and the bridge fields', () => {
    const error = new BridgeError({ kind: 'rate-limit', code: 'RATE_LIMITED', status: 429, message: 'slow', upstreamStatus: 429, retryAfterSeconds: 3 })
    const encoded = encodeAnthropicError(error, meta)
    expect(encoded.status).toBe(429)
    expect(encoded.headers['retry-after']).toBe('3')
    expect(encoded.body).toEqual({
      type: 'error', error: { type: 'rate_limit_error', message: 'slow' }, request_id: 'req_bridge_1',
      error_code: 'RATE_LIMITED', message: 'slow', provider: 'groq', endpoint_group: 'chat', docs_url: 'https://docs.example/errors', upstream_status: 429,
    })
  })

  test('the official SDK raises its typed errors with our message', async () => {
    const rate = await sdkErrorFor(new BridgeError({ kind: 'rate-limit', code: 'RATE_LIMITED', status: 429, message: 'Groq says slow down' }))
    expect(rate).toBeInstanceOf(RateLimitError)
    expect(rate.message).toContain('Groq says slow down')
    const bad = await sdkErrorFor(BridgeError.invalidRequest('messages[0].content: expected an array'))
    expect(bad).toBeInstanceOf(BadRequestError)
    expect(bad.message).toContain('messages[0].content: expected an array')
    expect(await sdkErrorFor(new BridgeError({ kind: 'not-found', code: 'UPSTREAM_ERROR', status: 404, message: 'no model' }))).toBeInstanceOf(NotFoundError)
    // overloaded_error keeps the error's status: a 503 is ServiceUnavailableError, never the SDK's 529 OverloadedError.
    const busy = await sdkErrorFor(new BridgeError({ kind: 'overloaded', code: 'RETRY_EXHAUSTED', status: 503, message: 'busy' }))
    expect(busy).toBeInstanceOf(ServiceUnavailableError)
    expect(busy).not.toBeInstanceOf(OverloadedError)
    expect((busy.error as { error: { type: string } }).error.type).toBe('overloaded_error')
  })

  test('a context overflow from any upstream reaches Claude Code as 400 "prompt is too long"', async () => {
    const fromOpenAI = new BridgeError({ kind: 'context-length', code: 'UPSTREAM_ERROR', status: 400, upstreamStatus: 400, message: "This model's maximum context length is 131072 tokens" })
    const encoded = encodeAnthropicError(fromOpenAI, meta)
    expect(encoded.status).toBe(400)
    const raised = await sdkErrorFor(fromOpenAI)
    expect(raised).toBeInstanceOf(BadRequestError)
    expect((raised.error as { error: { type: string; message: string } }).error).toEqual({
      type: 'invalid_request_error', message: "prompt is too long: This model's maximum context length is 131072 tokens",
    })
  })
})
