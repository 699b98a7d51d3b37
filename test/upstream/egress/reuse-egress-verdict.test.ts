import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../src/core/errors.ts'
import { checkEgress, reuseEgressVerdict, VERDICT_REUSE_MS, type EgressPolicy } from '../../../src/upstream/egress/index.ts'

/** A counting check (its nth call answers address 127.0.0.n) and a hand-moved clock, so reuse is seen without waiting. */
function setup(verdict: (url: URL, policy: EgressPolicy) => void = () => {}) {
  let clock = 1_000
  const calls: string[] = []
  const check = reuseEgressVerdict(
    async (url, policy) => {
      calls.push(url.host)
      verdict(url, policy)
      return { addresses: [`127.0.0.${calls.length}`] }
    },
    () => clock,
  )
  return { check, calls, advance: (ms: number) => void (clock += ms) }
}

const policy = (): EgressPolicy => ({ allowHosts: ['127.0.0.1:9100'], ownPorts: [8787] })

describe('reuseEgressVerdict', () => {
  test('an allowed origin is checked once per reuse window, then again', async () => {
    const { check, calls, advance } = setup()
    const shared = policy()
    await check(new URL('http://127.0.0.1:9100/v1/chat/completions'), shared)
    await check(new URL('http://127.0.0.1:9100/v1/models?x=1'), shared)
    expect(calls).toEqual(['127.0.0.1:9100'])
    advance(VERDICT_REUSE_MS)
    await check(new URL('http://127.0.0.1:9100/v1/chat/completions'), shared)
    expect(calls).toEqual(['127.0.0.1:9100', '127.0.0.1:9100'])
  })

  test('a reused verdict hands back the addresses that were checked, until it is checked again', async () => {
    const { check, advance } = setup()
    const shared = policy()
    expect((await check(new URL('http://upstream.test:9100/a'), shared)).addresses).toEqual(['127.0.0.1'])
    expect((await check(new URL('http://upstream.test:9100/b'), shared)).addresses).toEqual(['127.0.0.1'])
    advance(VERDICT_REUSE_MS)
    expect((await check(new URL('http://upstream.test:9100/a'), shared)).addresses).toEqual(['127.0.0.2'])
  })

  test('another port, scheme or user info is another origin', async () => {
    const { check, calls } = setup()
    const shared = policy()
    await check(new URL('http://127.0.0.1:9100/'), shared)
    await check(new URL('http://127.0.0.1:9101/'), shared)
    await check(new URL('https://127.0.0.1:9100/'), shared)
    await check(new URL('http://user:pw@127.0.0.1:9100/'), shared)
    expect(calls.length).toBe(4)
  })

  test('a URL with user info is checked on every call (never reused)', async () => {
    const { check, calls } = setup()
    const shared = policy()
    await check(new URL('http://user:pw@127.0.0.1:9100/'), shared)
    await check(new URL('http://user:pw@127.0.0.1:9100/'), shared)
    expect(calls.length).toBe(2)
  })

  test('a changed allow list or own port list is checked at once', async () => {
    const { check, calls } = setup()
    const changing = policy()
    await check(new URL('http://127.0.0.1:9100/'), changing)
    changing.allowHosts.splice(0, 1)
    await check(new URL('http://127.0.0.1:9100/'), changing)
    changing.ownPorts.push(9100)
    await check(new URL('http://127.0.0.1:9100/'), changing)
    expect(calls.length).toBe(3)
  })

  test('a denial is never reused: every call checks and throws again', async () => {
    const denied = new BridgeError({ kind: 'permission', code: 'EGRESS_DENIED', status: 403, message: 'denied' })
    const { check, calls } = setup(() => {
      throw denied
    })
    for (let i = 0; i < 3; i++) await expect(check(new URL('http://10.0.0.1/'), policy())).rejects.toBe(denied)
    expect(calls.length).toBe(3)
  })

  test('an injected resolver or interface list (tests, embedders) is asked on every call', async () => {
    const { check, calls } = setup()
    const injected: EgressPolicy = { ...policy(), resolve: async () => ['127.0.0.1'] }
    await check(new URL('http://127.0.0.1:9100/'), injected)
    await check(new URL('http://127.0.0.1:9100/'), injected)
    expect(calls.length).toBe(2)
  })

  test('with the real check, a private address outside the allow list is still refused', async () => {
    const check = reuseEgressVerdict()
    const shared = policy()
    await check(new URL('http://127.0.0.1:9100/'), shared)
    await expect(check(new URL('http://192.168.1.20:9100/'), shared)).rejects.toMatchObject({ code: 'EGRESS_DENIED' })
    await expect(check(new URL('http://127.0.0.1:8787/'), shared)).rejects.toMatchObject({ code: 'EGRESS_DENIED' })
    await expect(checkEgress(new URL('http://127.0.0.1:9100/'), shared, 'use')).resolves.toBeDefined()
  })
})
