import { afterEach, describe, expect, test } from 'bun:test'
import { callUpstream, type UpstreamCallOptions } from '../../src/upstream/call-upstream.ts'
import { startFaultUpstream, type FaultReply, type FaultUpstream } from '../support/fault-upstream.ts'
import { virtualTime, type VirtualTime } from './virtual-time.ts'

let upstream: FaultUpstream | undefined
afterEach(() => upstream?.stop())

function call(replies: FaultReply[], time: VirtualTime, extra: Partial<UpstreamCallOptions> = {}) {
  upstream = startFaultUpstream(replies)
  return callUpstream({
    url: `${upstream.url}/v1/chat/completions`,
    method: 'POST',
    headers: new Headers({ 'content-type': 'application/json' }),
    body: '{"model":"m"}',
    signal: new AbortController().signal,
    now: time.now,
    sleep: time.sleep,
    random: () => 1,
    ...extra,
  })
}

const ok: FaultReply = { status: 200, body: '{"ok":true}' }

describe('callUpstream retries', () => {
  test('retries 503, 503 then succeeds on the third attempt', async () => {
    const result = await call([{ status: 503 }, { status: 503 }, ok], virtualTime())
    expect(result.attempts).toBe(3)
    expect(result.response.status).toBe(200)
    expect(await result.response.json()).toEqual({ ok: true })
    expect(upstream?.requests.length).toBe(3)
    expect(upstream?.requests.every((request) => request.body === '{"model":"m"}')).toBe(true)
  })

  for (const status of [408, 429, 500, 502, 503, 504, 529]) {
    test(`retries a ${status} answer`, async () => {
      const result = await call([{ status, body: '{}' }, ok], virtualTime())
      expect(result.attempts).toBe(2)
      expect(result.response.status).toBe(200)
    })
  }

  for (const status of [400, 401, 403, 404, 413, 422]) {
    test(`never retries a ${status} answer and returns it untouched`, async () => {
      const result = await call([{ status, body: '{"error":{"message":"bad"}}' }, ok], virtualTime())
      expect(result.attempts).toBe(1)
      expect(result.response.status).toBe(status)
      expect(await result.response.text()).toBe('{"error":{"message":"bad"}}')
      expect(upstream?.requests.length).toBe(1)
    })
  }

  test('does not retry an OpenAI insufficient_quota 429 and keeps its body for the codec', async () => {
    const body = '{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}'
    const time = virtualTime()
    const result = await call([{ status: 429, body }, ok], time)
    expect(result.attempts).toBe(1)
    expect(result.response.status).toBe(429)
    expect(await result.response.text()).toBe(body)
    expect(time.slept).toEqual([])
  })

  test('waits the Retry-After seconds of a 429', async () => {
    const time = virtualTime()
    await call([{ status: 429, headers: { 'retry-after': '2' } }, ok], time)
    expect(time.slept).toEqual([2000])
  })

  test('caps a long Retry-After at maxDelayMs', async () => {
    const time = virtualTime()
    await call([{ status: 429, headers: { 'retry-after': '60' } }, ok], time, { retry: { maxDelayMs: 5000 } })
    expect(time.slept).toEqual([5000])
  })

  test('prefers retry-after-ms over retry-after', async () => {
    const time = virtualTime()
    await call([{ status: 503, headers: { 'retry-after-ms': '1500', 'retry-after': '9' } }, ok], time)
    expect(time.slept).toEqual([1500])
  })

  test('reads Retry-After given as an HTTP date', async () => {
    const time = virtualTime()
    const inThreeSeconds = new Date(time.now() + 3000).toUTCString()
    await call([{ status: 503, headers: { 'retry-after': inThreeSeconds } }, ok], time)
    expect(time.slept).toEqual([3000])
  })

  test('backs off exponentially with full jitter when the upstream gives no hint', async () => {
    const time = virtualTime()
    await call([{ status: 500 }, { status: 500 }, { status: 500 }, ok], time, { retry: { maxAttempts: 4 }, random: () => 0.5 })
    expect(time.slept).toEqual([250, 500, 1000])
  })

  test('maxAttempts 1 disables retries and passes the upstream answer on', async () => {
    const result = await call([{ status: 503, body: 'busy' }, ok], virtualTime(), { retry: { maxAttempts: 1 } })
    expect(result.attempts).toBe(1)
    expect(result.response.status).toBe(503)
    expect(await result.response.text()).toBe('busy')
  })

  test('checks egress before every attempt', async () => {
    const checked: string[] = []
    await call([{ status: 503 }, ok], virtualTime(), { checkEgress: async (url) => void checked.push(url.pathname) })
    expect(checked).toEqual(['/v1/chat/completions', '/v1/chat/completions'])
  })

  test('reports every attempt with its status and the wait that followed', async () => {
    const attempts: unknown[] = []
    await call([{ status: 503, headers: { 'retry-after': '1' } }, ok], virtualTime(), { onAttempt: (info) => attempts.push(info) })
    expect(attempts).toEqual([{ attempt: 1, status: 503, delayMs: 1000 }, { attempt: 2, status: 200 }])
  })
})
