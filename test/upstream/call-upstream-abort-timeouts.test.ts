import { afterEach, describe, expect, test } from 'bun:test'
import { BridgeError } from '../../src/core/errors.ts'
import { callUpstream, type UpstreamCallOptions } from '../../src/upstream/call-upstream.ts'
import { startFaultUpstream, sse, type FaultReply, type FaultUpstream } from '../support/fault-upstream.ts'

let upstream: FaultUpstream | undefined
afterEach(() => upstream?.stop())

function start(replies: FaultReply[], signal: AbortSignal, extra: Partial<UpstreamCallOptions> = {}) {
  upstream = startFaultUpstream(replies)
  return callUpstream({ url: `${upstream.url}/v1/messages`, method: 'POST', headers: new Headers(), body: '{}', signal, ...extra })
}

/** Resolves true when `promise` settles within `ms` (a loose bound, as the issue asks: within a second). */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true, () => true), Bun.sleep(ms).then(() => false)])
}

describe('callUpstream and client disconnects', () => {
  test('an abort during the backoff wait stops at once, without another attempt', async () => {
    const client = new AbortController()
    const call = start([{ status: 503, headers: { 'retry-after': '30' } }], client.signal)
    while ((upstream?.requests.length ?? 0) < 1) await Bun.sleep(5)
    await Bun.sleep(20)
    client.abort()
    expect(await settlesWithin(call, 1000)).toBe(true)
    expect(await call.catch((error: unknown) => (error as Error).name)).toBe('AbortError')
    expect(upstream?.requests.length).toBe(1)
  })

  test('an abort while waiting for the headers aborts the upstream request', async () => {
    const client = new AbortController()
    const call = start([{ delayBeforeHeadersMs: 10_000, status: 200, body: 'late' }], client.signal)
    call.catch(() => {})
    while ((upstream?.requests.length ?? 0) < 1) await Bun.sleep(5)
    client.abort()
    const request = upstream?.requests[0]
    expect(await settlesWithin(request?.aborted ?? Promise.reject(), 1000)).toBe(true)
    expect(await call.catch((error: unknown) => (error as Error).name)).toBe('AbortError')
  })

  test('an abort while waiting for the first token aborts the open upstream stream', async () => {
    const client = new AbortController()
    const { response } = await start([{ status: 200, events: [], hang: true }], client.signal)
    const reading = response.body?.getReader().read().catch(() => undefined)
    client.abort()
    expect(await settlesWithin(upstream?.requests[0]?.aborted ?? Promise.reject(), 1000)).toBe(true)
    await reading
  })

  test('an abort mid-stream aborts the upstream', async () => {
    const client = new AbortController()
    const { response } = await start([{ status: 200, events: [sse({ n: 1 })], hang: true }], client.signal)
    const reader = response.body?.getReader()
    expect((await reader?.read())?.done).toBe(false)
    client.abort()
    expect(await settlesWithin(upstream?.requests[0]?.aborted ?? Promise.reject(), 1000)).toBe(true)
  })
})

describe('callUpstream timeouts', () => {
  test('no headers within firstByteMs ends in UPSTREAM_TIMEOUT, not retried, upstream aborted', async () => {
    const error = await start([{ delayBeforeHeadersMs: 10_000, status: 200 }], new AbortController().signal, {
      timeouts: { firstByteMs: 100 },
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BridgeError)
    expect((error as BridgeError).code).toBe('UPSTREAM_TIMEOUT')
    expect((error as BridgeError).status).toBe(504)
    expect(upstream?.requests.length).toBe(1)
    expect(await settlesWithin(upstream?.requests[0]?.aborted ?? Promise.reject(), 1000)).toBe(true)
  })

  test('slow headers from a reachable upstream are not a connect timeout', async () => {
    const { response } = await start([{ delayBeforeHeadersMs: 300, status: 200, body: 'thought hard' }], new AbortController().signal, {
      timeouts: { connectMs: 50 },
    })
    expect(await response.text()).toBe('thought hard')
  })

  test('no connection within connectMs is a retried connection failure', async () => {
    const hangingFetch = ((_input: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
      })) as typeof fetch
    const neverConnects = () => new Promise<void>(() => {})
    const error = await callUpstream({
      url: 'http://203.0.113.1/v1/messages',
      method: 'POST',
      headers: new Headers(),
      signal: new AbortController().signal,
      fetch: hangingFetch,
      probeConnect: neverConnects,
      timeouts: { connectMs: 30 },
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    }).catch((caught: unknown) => caught)
    expect((error as BridgeError).code).toBe('RETRY_EXHAUSTED')
    expect((error as BridgeError).message).toContain('no connection within 30 ms')
  })
})
