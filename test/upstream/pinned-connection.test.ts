/**
 * The upstream connection goes to the addresses the egress check approved: a DNS server that
 * answers the check with one address and a second lookup with another cannot redirect the call,
 * the name still travels as Host header, TLS server name and certificate name, a record with a
 * forbidden answer is refused whole, and an address that refuses the connection hands over to the
 * next checked one within the same attempt.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { connectShare } from '../../src/upstream/fetch-attempt.ts'
import { BridgeError } from '../../src/core/errors.ts'
import { callUpstream, type UpstreamCallOptions } from '../../src/upstream/call-upstream.ts'
import { egressCheck, httpsUpstream, httpUpstream, rebindingResolver, trustingFetch } from './support/pinned-upstream.ts'

const stops: (() => void)[] = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

function call(url: string, extra: Partial<UpstreamCallOptions>): Promise<{ response: Response; attempts: number }> {
  return callUpstream({ url, method: 'POST', headers: new Headers({ 'content-type': 'application/json' }), body: '{}', signal: new AbortController().signal, retry: { maxAttempts: 1 }, ...extra })
}

/** Real fetch, except that a connection to `address` never comes up (until the attempt is aborted). */
function blackholing(address: string, tried: string[]): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) => {
    const target = String(input)
    tried.push(target)
    if (!target.startsWith(`http://${address}:`)) return fetch(input, init)
    return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }))
  }) as typeof fetch
}

async function failure(promise: Promise<unknown>): Promise<BridgeError> {
  const error = await promise.catch((caught: unknown) => caught)
  if (!(error instanceof BridgeError)) throw new Error(`expected a BridgeError, got ${String(error)}`)
  return error
}

/** The checked server on 127.0.0.1 and the rebinding target on 127.0.0.2, on the same port. */
function loopbackPair() {
  const checked = httpUpstream('127.0.0.1')
  const other = httpUpstream('127.0.0.2', checked.port)
  stops.push(checked.stop, other.stop)
  return { checked, other, port: checked.port }
}

describe('the connection goes to the checked address', () => {
  test('a name whose next lookup answers another address is still called at the address the check saw, with its Host header', async () => {
    const { checked, other, port } = loopbackPair()
    // Both are allowed; only pinning decides which one hears the request.
    const dns = rebindingResolver([['127.0.0.1'], ['127.0.0.2']])
    const { response } = await call(`http://rebind.test:${port}/v1/chat`, { checkEgress: egressCheck(dns.resolve, ['127.0.0.0/8']) })
    expect(await response.text()).toBe(`127.0.0.1 saw rebind.test:${port}`)
    expect(dns.lookups).toEqual(['rebind.test'])
    expect(other.hosts).toEqual([])
    expect(checked.hosts).toEqual([`rebind.test:${port}`])
  })

  test('every attempt connects where its own check looked: a rebind to a forbidden address between attempts is refused, never called', async () => {
    const { checked, port } = loopbackPair()
    const dns = rebindingResolver([['127.0.0.1'], ['169.254.169.254']])
    const check = egressCheck(dns.resolve, [`127.0.0.1:${port}`])
    expect((await call(`http://rebind.test:${port}/`, { checkEgress: check })).response.status).toBe(200)
    const error = await failure(call(`http://rebind.test:${port}/`, { checkEgress: check }))
    expect(error.code).toBe('EGRESS_DENIED')
    expect(error.message).toContain('cloud metadata address')
    expect(checked.hosts).toEqual([`rebind.test:${port}`])
  })

  test('the connect probe goes to the pinned address too', async () => {
    const { port } = loopbackPair()
    const probed: string[] = []
    const dns = rebindingResolver([['127.0.0.1'], ['127.0.0.2']])
    // A first byte slower than the probe delay, so the probe runs.
    const slowFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      await Bun.sleep(50)
      return fetch(input, init)
    }) as typeof fetch
    await call(`http://rebind.test:${port}/`, {
      checkEgress: egressCheck(dns.resolve, ['127.0.0.0/8']),
      fetch: slowFetch,
      timeouts: { connectMs: 40 },
      probeConnect: async (hostname, probePort) => void probed.push(`${hostname}:${probePort}`),
    })
    expect(probed).toEqual([`127.0.0.1:${port}`])
  })
})

describe('multi-answer records', () => {
  test('one forbidden answer among allowed ones refuses the call: nothing is connected to', async () => {
    const { checked, other, port } = loopbackPair()
    const dns = rebindingResolver([['127.0.0.1', '169.254.169.254', '127.0.0.2']])
    const error = await failure(call(`http://mixed.test:${port}/`, { checkEgress: egressCheck(dns.resolve, ['127.0.0.0/8']) }))
    expect(error.code).toBe('EGRESS_DENIED')
    expect(checked.hosts).toEqual([])
    expect(other.hosts).toEqual([])
  })

  test('an address that refuses the connection hands over to the next checked one, in the same attempt', async () => {
    const { checked, port } = loopbackPair()
    // Nothing listens on 127.0.0.3 at this port; the second answer serves.
    const dns = rebindingResolver([['127.0.0.3', '127.0.0.1'], ['127.0.0.2']])
    const { response, attempts } = await call(`http://two.test:${port}/`, { checkEgress: egressCheck(dns.resolve, ['127.0.0.0/8']) })
    expect(await response.text()).toBe(`127.0.0.1 saw two.test:${port}`)
    expect(attempts).toBe(1)
    expect(checked.hosts).toHaveLength(1)
  })

  test('an address that does not connect within the connect timeout hands over to the next one', async () => {
    const { checked, port } = loopbackPair()
    const dns = rebindingResolver([['127.0.0.3', '127.0.0.1']])
    const tried: string[] = []
    const { response, attempts } = await call(`http://slow.test:${port}/`, {
      checkEgress: egressCheck(dns.resolve, ['127.0.0.0/8']),
      fetch: blackholing('127.0.0.3', tried),
      // Each of the two addresses gets half: room for the second to answer on a loaded machine.
      timeouts: { connectMs: 400 },
      probeConnect: false,
    })
    expect(await response.text()).toBe(`127.0.0.1 saw slow.test:${port}`)
    expect(attempts).toBe(1)
    expect(tried).toEqual([`http://127.0.0.3:${port}/`, `http://127.0.0.1:${port}/`])
    expect(checked.hosts).toHaveLength(1)
  })

  test('a client abort while connecting to the first address ends the call: the next address is not tried', async () => {
    const { checked, port } = loopbackPair()
    const dns = rebindingResolver([['127.0.0.3', '127.0.0.1']])
    const tried: string[] = []
    const client = new AbortController()
    const gone = new Error('client gone')
    setTimeout(() => client.abort(gone), 20)
    const outcome = await call(`http://slow.test:${port}/`, {
      checkEgress: egressCheck(dns.resolve, ['127.0.0.0/8']),
      fetch: blackholing('127.0.0.3', tried),
      signal: client.signal,
      probeConnect: false,
    }).catch((caught: unknown) => caught)
    expect(outcome).toBe(gone)
    expect(tried).toEqual([`http://127.0.0.3:${port}/`])
    expect(checked.hosts).toEqual([])
  })

  test('when every checked address refuses, the failure names the count and no other address is tried', async () => {
    const { checked, other, port } = loopbackPair()
    const dns = rebindingResolver([['127.0.0.3', '127.0.0.4'], ['127.0.0.1']])
    const error = await failure(call(`http://none.test:${port}/`, { checkEgress: egressCheck(dns.resolve, ['127.0.0.0/8']) }))
    expect(error.message).toContain('on each of 2 addresses')
    expect(checked.hosts).toEqual([])
    expect(other.hosts).toEqual([])
  })

  test('different failures on different addresses are all named', async () => {
    const { port } = loopbackPair()
    const dns = rebindingResolver([['127.0.0.3', '127.0.0.4']])
    const error = await failure(
      call(`http://none.test:${port}/`, { checkEgress: egressCheck(dns.resolve, ['127.0.0.0/8']), fetch: blackholing('127.0.0.3', []), timeouts: { connectMs: 50 }, probeConnect: false }),
    )
    expect(error.message).toContain('(no connection within 50 ms or ECONNREFUSED on each of 2 addresses)')
  })
})

describe('forward proxies from the environment', () => {
  const names = ['HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'] as const
  const saved = names.map((name) => [name, process.env[name]] as const)
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  /** A forward proxy that answers every request itself, recording the absolute URL it was asked for. */
  function trapProxy(): { urls: string[]; url: string } {
    const urls: string[] = []
    const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => (urls.push(request.url), new Response('proxy answered')) })
    stops.push(() => void server.stop(true))
    return { urls, url: `http://127.0.0.1:${server.port}` }
  }

  test('through a proxy the name goes to the proxy unpinned (the proxy resolves and connects)', async () => {
    const { checked, port } = loopbackPair()
    const proxy = trapProxy()
    for (const name of names) delete process.env[name]
    process.env.HTTP_PROXY = proxy.url
    const dns = rebindingResolver([['127.0.0.1']])
    const { response } = await call(`http://named.test:${port}/v1`, { checkEgress: egressCheck(dns.resolve, ['127.0.0.0/8']), probeConnect: false })
    expect(await response.text()).toBe('proxy answered')
    expect(proxy.urls).toEqual([`http://named.test:${port}/v1`])
    expect(checked.hosts).toEqual([])
  })

  test('a host NO_PROXY sends direct is pinned and stays direct, though its URL now names an IP', async () => {
    const { checked, port } = loopbackPair()
    const proxy = trapProxy()
    for (const name of names) delete process.env[name]
    process.env.ALL_PROXY = proxy.url
    process.env.NO_PROXY = 'named.test'
    const dns = rebindingResolver([['127.0.0.1'], ['127.0.0.2']])
    const { response } = await call(`http://named.test:${port}/v1`, { checkEgress: egressCheck(dns.resolve, ['127.0.0.0/8']), probeConnect: false })
    expect(await response.text()).toBe(`127.0.0.1 saw named.test:${port}`)
    expect(proxy.urls).toEqual([])
    expect(checked.hosts).toEqual([`named.test:${port}`])
  })
})

describe('TLS keeps the host name', () => {
  test('connecting to the checked IP sends the name as SNI and Host, and a certificate for the name is accepted', async () => {
    const upstream = await httpsUpstream('upstream.test')
    stops.push(upstream.stop)
    const dns = rebindingResolver([['127.0.0.1'], ['127.0.0.2']])
    const { response } = await call(`https://upstream.test:${upstream.port}/v1/chat`, {
      checkEgress: egressCheck(dns.resolve, [`127.0.0.1:${upstream.port}`]),
      fetch: trustingFetch,
    })
    expect(await response.text()).toBe(`tls saw upstream.test:${upstream.port}`)
    expect(upstream.serverNames).toEqual(['upstream.test'])
  })

  test('a trusted certificate for another name is still refused: pinning keeps certificate verification', async () => {
    const upstream = await httpsUpstream('other.test')
    stops.push(upstream.stop)
    const dns = rebindingResolver([['127.0.0.1']])
    const error = await failure(
      call(`https://upstream.test:${upstream.port}/`, { checkEgress: egressCheck(dns.resolve, [`127.0.0.1:${upstream.port}`]), fetch: trustingFetch }),
    )
    expect(error.code).toBe('UPSTREAM_ERROR')
    expect(error.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID')
    expect(upstream.hosts).toEqual([])
  })

  test('a certificate for the name does not make the bare IP acceptable (no verdict: fetch connects to the URL as given)', async () => {
    const upstream = await httpsUpstream('upstream.test')
    stops.push(upstream.stop)
    const error = await failure(call(`https://127.0.0.1:${upstream.port}/`, { fetch: trustingFetch }))
    expect(error.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID')
  })
})

describe('the connect timeout bounds the attempt, not each address', () => {
  /** The shares a run of addresses gets when each one spends all of its share (silent) or none (refused at once). */
  function shares(connectMs: number, spends: boolean[]): number[] {
    let left = connectMs
    return spends.map((spent, index) => {
      const share = connectShare(connectMs, left, index, spends.length)
      if (spent) left -= share
      return share
    })
  }

  test('four silent answers wait the timeout once in all, not four times', () => {
    const silent = shares(10_000, [true, true, true, true])
    expect(silent).toEqual([5_000, 2_500, 1_250, 1_250])
    expect(silent.reduce((sum, share) => sum + share, 0)).toBe(10_000)
  })

  test('an address refused at once leaves the time to the next; one address gets it all', () => {
    expect(shares(10_000, [false, true])).toEqual([5_000, 10_000])
    expect(shares(10_000, [true])).toEqual([10_000])
    expect(connectShare(0, 0, 1, 3)).toBe(0)
  })
})
