/** What "Test this URL" reads from an error answer, and the change it suggests (web/error-hints.ts). */
import { describe, expect, test } from 'bun:test'
import { hintFor } from '../../web/error-hints.ts'
import { errorFrom } from '../../web/run-url-probe.ts'

describe('error answers', () => {
  test("the bridge's fields beside a native body win over the native message", () => {
    const body = { error: { message: 'Incorrect API key provided.', code: 'invalid_api_key' }, error_code: 'UPSTREAM_ERROR', message: 'Incorrect API key provided.', upstream_status: 401 }
    expect(errorFrom(401, body)).toEqual({ status: 401, code: 'UPSTREAM_ERROR', message: 'Incorrect API key provided.', upstreamStatus: 401 })
  })

  test('a native error without the bridge fields keeps its message and has no code', () => {
    expect(errorFrom(500, { type: 'error', error: { type: 'api_error', message: 'Overloaded' } })).toEqual({ status: 500, message: 'Overloaded' })
  })

  test('a streamed event that is no error is not read as one', () => {
    expect(errorFrom(200, { type: 'content_block_delta', delta: { type: 'text_delta', text: 'hi' } })).toBeUndefined()
    expect(errorFrom(200, undefined)).toBeUndefined()
  })
})

describe('what to change', () => {
  test.each([
    [401, 'check the key'],
    [403, 'check the key'],
    [404, 'check the model mapping'],
    [400, 'check the model mapping'],
    [503, 'try again later'],
  ])('an upstream %d: %s', (upstreamStatus, advice) => {
    expect(hintFor({ status: upstreamStatus, code: 'UPSTREAM_ERROR', message: 'x', upstreamStatus })).toContain(advice)
  })

  test('a refused egress names --allow-host; an unknown code suggests nothing', () => {
    expect(hintFor({ status: 403, code: 'EGRESS_DENIED', message: 'x' })).toContain('--allow-host')
    expect(hintFor({ status: 400, code: 'SOMETHING_NEW', message: 'x' })).toBeUndefined()
  })
})
