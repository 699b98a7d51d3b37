import { afterEach, describe, expect, test } from 'bun:test'
import { BridgeError } from '../../src/core/errors.ts'
import { callUpstream, type UpstreamCallOptions } from '../../src/upstream/call-upstream.ts'
import { attemptsOf } from '../../src/upstream/upstream-outcome.ts'
import { startFaultUpstream, type FaultReply, type FaultUpstream } from '../support/fault-upstream.ts'
import { virtualTime, type VirtualTime } from './virtual-time.ts'

let upstream: FaultUpstream | undefined
afterEach(() => upstream?.stop())

function options(url: string, time: VirtualTime, extra: Partial<UpstreamCallOptions> = {}): UpstreamCallOptions {
  return {
    url,
    method: 'POST',
    headers: new Headers(),
    body: '{}',
    signal: new AbortController().signal,
    now: time.now,
    sleep: time.sleep,
    random: () => 1,
    ...extra,
  }
}

async function failure(replies: FaultReply[], extra: Partial<UpstreamCallOptions> = {}, time = virtualTime()): Promise<BridgeError> {
  upstream = startFaultUpstream(replies)
  const error = await callUpstream(options(`${upstream.url}/v1/messages`, time, extra)).catch((caught: unknown) => caught)
  if (!(error instanceof BridgeError)) throw new Error(`expected a BridgeError, got ${String(error)}`)
  return error
}

/** The upstream's own message, as a codec's decodeError would extract it. */
const describeError = (status: number, bodyText: string): BridgeError => {
  const message = (JSON.parse(bodyText) as { error: { message: string } }).error.message
  return new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status, message })
}

describe('callUpstream outcome after retries', () => {
  test('a last 429 becomes RATE_LIMITED with the upstream message and its Retry-After', async () => {
    const reply: FaultReply = { status: 429, headers: { 'retry-after': '7' }, body: '{"error":{"message":"Slow down"}}' }
    const error = await failure([reply], { describeError })
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.status).toBe(429)
    expect(error.retryAfterSeconds).toBe(7)
    expect(error.message).toContain('Slow down')
    expect(error.message).toContain('3 attempts')
    expect(attemptsOf(error)).toBe(3)
    expect(upstream?.requests.length).toBe(3)
  })

  test('a last 5xx becomes RETRY_EXHAUSTED naming the attempts and the last status', async () => {
    const replies: FaultReply[] = [{ status: 500, body: '{"error":{"message":"boom"}}' }, { status: 503, body: '{"error":{"message":"Overloaded"}}' }]
    const error = await failure(replies, { describeError })
    expect(error.code).toBe('RETRY_EXHAUSTED')
    expect(error.status).toBe(503)
    expect(error.upstreamStatus).toBe(503)
    expect(error.message).toBe('The upstream gave up after 3 attempts; the last answered 503: Overloaded')
  })

  test('without describeError the raw upstream text is the message', async () => {
    const error = await failure([{ status: 502, body: 'Bad gateway from nginx' }])
    expect(error.message).toContain('the last answered 502: Bad gateway from nginx')
  })

  test('a connection refused is retried, then RETRY_EXHAUSTED', async () => {
    const closed = startFaultUpstream([])
    const url = `${closed.url}/v1/messages`
    closed.stop()
    const attempts: unknown[] = []
    const error = await callUpstream(options(url, virtualTime(), { onAttempt: (info) => attempts.push(info.failure) })).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BridgeError)
    expect((error as BridgeError).code).toBe('RETRY_EXHAUSTED')
    expect((error as BridgeError).message).toContain('3 attempts')
    expect((error as BridgeError).message).toContain('ECONNREFUSED')
    expect(attempts).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED'])
  })

  test('a connection reset before the headers is retried', async () => {
    upstream = startFaultUpstream([{ reset: true }, { status: 200, body: 'fine' }])
    const result = await callUpstream(options(`${upstream.url}/x`, virtualTime()))
    expect(result.attempts).toBe(2)
    expect(await result.response.text()).toBe('fine')
  })

  test('the retry deadline covers every attempt and its waits', async () => {
    const reply: FaultReply = { status: 503, headers: { 'retry-after': '3' } }
    const time = virtualTime()
    const error = await failure([reply], { retry: { maxAttempts: 10, deadlineMs: 5000 } }, time)
    expect(upstream?.requests.length).toBe(2)
    expect(time.slept).toEqual([3000])
    expect(error.code).toBe('RETRY_EXHAUSTED')
    expect(error.message).toContain('retry deadline reached')
  })

  test('a redirect is never followed, not even to loopback', async () => {
    const target = startFaultUpstream([{ status: 200, body: 'secret admin page' }])
    try {
      const error = await failure([{ redirectTo: `${target.url}/admin` }])
      expect(error.code).toBe('UPSTREAM_ERROR')
      expect(error.upstreamStatus).toBe(302)
      expect(target.requests.length).toBe(0)
      expect(upstream?.requests.length).toBe(1)
    } finally {
      target.stop()
    }
  })

  test('an upstream echoing the key in its error body does not leak it into the message', async () => {
    const key = 'sk-canary-7f3a9b2c4d5e6f708192'
    const error = await failure([{ status: 500, body: `invalid key ${key} (hint: ${key.slice(0, 20)})` }], { secrets: [key] })
    expect(error.message).not.toContain(key)
    expect(error.message).not.toContain(key.slice(0, 20))
  })

  test('with retries disabled a refused connection is a plain 502 UPSTREAM_ERROR', async () => {
    const closed = startFaultUpstream([])
    closed.stop()
    const error = await callUpstream(options(`${closed.url}/x`, virtualTime(), { retry: { maxAttempts: 1 } })).catch((caught: unknown) => caught)
    expect((error as BridgeError).code).toBe('UPSTREAM_ERROR')
    expect((error as BridgeError).status).toBe(502)
  })
})
