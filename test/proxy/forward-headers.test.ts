import { describe, expect, test } from 'bun:test'
import { secretForms } from '../../src/proxy/secret-forms.ts'
import { anthropicCodec } from '../../src/core/protocols/anthropic/index.ts'
import { openaiCodec } from '../../src/core/protocols/openai/index.ts'
import { forwardResponseHeaders, passthroughRequestHeaders, translatedRequestHeaders } from '../../src/upstream/forward-headers.ts'

const client = new Headers({
  authorization: 'Bearer client-key', 'x-api-key': 'client-key', 'x-goog-api-key': 'g', 'api-key': 'a', cookie: 'c=1',
  connection: 'keep-alive', 'transfer-encoding': 'chunked', host: 'bridge', 'content-length': '10', 'proxy-authorization': 'p',
  'content-type': 'application/json', accept: 'text/event-stream', 'user-agent': 'claude-cli/1.0',
  'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'x-forwarded-for': '10.0.0.1',
  'x-stainless-lang': 'js',
})

describe('request headers', () => {
  test('passthrough never forwards the client credentials, cookies or hop-by-hop headers', () => {
    const headers = passthroughRequestHeaders(client, anthropicCodec.upstream.passthroughHeaders)
    for (const name of ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key', 'cookie', 'connection', 'transfer-encoding', 'host', 'content-length', 'proxy-authorization', 'x-forwarded-for']) {
      expect(headers.has(name)).toBe(false)
    }
    expect(headers.get('anthropic-beta')).toBe('interleaved-thinking-2025-05-14')
    expect(headers.get('user-agent')).toBe('claude-cli/1.0')
  })

  test('a header the client names in Connection is hop-by-hop and stays behind (RFC 9110 §7.6.1)', () => {
    const named = new Headers({ connection: 'keep-alive, Anthropic-Beta ,x-stainless-lang, User-Agent', 'anthropic-beta': 'b', 'anthropic-version': '2023-06-01', 'x-stainless-lang': 'js', 'x-stainless-os': 'linux', 'user-agent': 'ua/1' })
    const passthrough = passthroughRequestHeaders(named, anthropicCodec.upstream.passthroughHeaders)
    expect(Object.fromEntries(passthrough)).toEqual({ 'anthropic-version': '2023-06-01', 'x-stainless-os': 'linux' })
    expect(translatedRequestHeaders(named, undefined, false).has('user-agent')).toBe(false)
  })

  test('anthropic-beta goes only to Anthropic targets', () => {
    expect(passthroughRequestHeaders(client, openaiCodec.upstream.passthroughHeaders).has('anthropic-beta')).toBe(false)
  })

  test('translation sends only JSON headers, the user agent and what the codec asked for', () => {
    const headers = translatedRequestHeaders(client, { 'anthropic-beta': 'x', Authorization: 'Bearer sneaky' }, true)
    expect(Object.fromEntries(headers)).toEqual({
      'content-type': 'application/json', accept: 'text/event-stream', 'user-agent': 'claude-cli/1.0', 'anthropic-beta': 'x',
    })
  })
})

describe('response headers', () => {
  test('drops hop-by-hop, set-cookie and the encoding headers of an already decompressed body', () => {
    const upstream = new Headers({
      'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': '5', 'set-cookie': 'a=b',
      connection: 'close', 'x-request-id': 'up-1', 'retry-after': '3',
    })
    expect(Object.fromEntries(forwardResponseHeaders(upstream))).toEqual({
      'content-type': 'application/json', 'x-request-id': 'up-1', 'retry-after': '3',
    })
  })

  test('drops a header that echoes a secret, in any of its spellings, and keeps the rest', () => {
    const upstream = new Headers({ 'x-echo': 'key=k%2Fey-123', 'x-echo-2': 'sent k/ey-123', 'x-request-id': 'up-1' })
    expect(Object.fromEntries(forwardResponseHeaders(upstream, secretForms(['k/ey-123'])))).toEqual({ 'x-request-id': 'up-1' })
  })

  test('drops the headers the upstream names in its Connection header', () => {
    const upstream = new Headers({ connection: 'close, X-Hop-Secret', 'x-hop-secret': 'for the next hop only', 'x-request-id': 'up-1' })
    expect(Object.fromEntries(forwardResponseHeaders(upstream))).toEqual({ 'x-request-id': 'up-1' })
  })
})
