import { afterEach, describe, expect, test } from 'bun:test'
import { connectTargets, pinRequest } from '../../src/upstream/pin-address.ts'

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'] as const
const saved = PROXY_VARIABLES.map((name) => [name, process.env[name]] as const)
afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

function withoutProxy(): void {
  for (const name of PROXY_VARIABLES) delete process.env[name]
}

describe('connectTargets', () => {
  test('a name with a verdict connects to every checked address, in the order checked', () => {
    withoutProxy()
    expect(connectTargets(new URL('https://api.example.com/v1'), ['203.0.113.9', '2001:db8::9'])).toEqual(['203.0.113.9', '2001:db8::9'])
  })

  test('an IP literal, or a call without a verdict, is fetched as given', () => {
    withoutProxy()
    expect(connectTargets(new URL('http://127.0.0.1:11434/'), ['127.0.0.1'])).toEqual([undefined])
    expect(connectTargets(new URL('http://[::1]:11434/'), ['::1'])).toEqual([undefined])
    expect(connectTargets(new URL('https://api.example.com/'), undefined)).toEqual([undefined])
    expect(connectTargets(new URL('https://api.example.com/'), [])).toEqual([undefined])
  })

  test("through a forward proxy for the URL's scheme the name goes to the proxy (its NO_PROXY and host rules see the name)", () => {
    withoutProxy()
    process.env.HTTPS_PROXY = 'http://proxy.internal:3128'
    expect(connectTargets(new URL('https://api.example.com/'), ['203.0.113.9'])).toEqual([undefined])
    expect(connectTargets(new URL('http://ollama.lan:11434/'), ['192.168.1.5'])).toEqual(['192.168.1.5'])
  })

  test('a host NO_PROXY sends direct is pinned, and the pinned request is direct whatever the proxy variables say', () => {
    withoutProxy()
    process.env.ALL_PROXY = 'http://proxy.internal:3128'
    process.env.NO_PROXY = '.lan'
    expect(connectTargets(new URL('http://ollama.lan:11434/'), ['192.168.1.5'])).toEqual(['192.168.1.5'])
    expect(connectTargets(new URL('https://api.example.com/'), ['203.0.113.9'])).toEqual([undefined])
    expect(pinRequest(new URL('http://ollama.lan:11434/'), '192.168.1.5', {}).init.proxy).toBe(false)
  })
})

describe('pinRequest', () => {
  test('https: the IP in the URL, the name in Host and in the TLS server name; path, query and port kept', () => {
    const init = { method: 'POST', headers: new Headers({ authorization: 'Bearer k' }), body: '{}', redirect: 'manual' as const }
    const pinned = pinRequest(new URL('https://api.example.com:8443/v1/chat?x=1'), '203.0.113.9', init)
    expect(pinned.target).toBe('https://203.0.113.9:8443/v1/chat?x=1')
    expect(new Headers(pinned.init.headers).get('host')).toBe('api.example.com:8443')
    expect(new Headers(pinned.init.headers).get('authorization')).toBe('Bearer k')
    expect(pinned.init.tls).toEqual({ serverName: 'api.example.com' })
    expect(pinned.init.redirect).toBe('manual')
    // The caller's headers are its own: a retry or a fallback address starts from them again.
    expect(init.headers.has('host')).toBe(false)
  })

  test('IPv6 answers are bracketed; a default port stays implicit; a trailing dot leaves the server name', () => {
    const pinned = pinRequest(new URL('https://api.example.com./v1'), '2001:db8::9', {})
    expect(pinned.target).toBe('https://[2001:db8::9]/v1')
    expect(new Headers(pinned.init.headers).get('host')).toBe('api.example.com.')
    expect(pinned.init.tls).toEqual({ serverName: 'api.example.com' })
  })

  test('plain http is pinned the same way, without TLS options', () => {
    const pinned = pinRequest(new URL('http://ollama.lan:11434/api/chat'), '192.168.1.5', {})
    expect(pinned.target).toBe('http://192.168.1.5:11434/api/chat')
    expect(new Headers(pinned.init.headers).get('host')).toBe('ollama.lan:11434')
    expect(pinned.init.tls).toBeUndefined()
  })
})
