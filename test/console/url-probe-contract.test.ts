/**
 * The probe as it travels: built by the server (src/http/url-probe.ts), sent as JSON in the
 * generate-url answer, read by the console (web/url-probe.ts), filled with the model the user
 * tries: the request the browser sends is one the URL's own routes take, naming that model.
 */
import { describe, expect, test } from 'bun:test'
import { PROTOCOL_IDS, type ProtocolId } from '../../src/core/model/protocol-id.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import type { ProxyConfig } from '../../src/core/proxy-config.ts'
import { buildUrlProbe } from '../../src/http/url-probe.ts'
import { parseUrlProbe, withModel } from '../../web/url-probe.ts'

function config(protocol: ProtocolId): ProxyConfig {
  return {
    tokenId: 'tok_contract_1',
    source: { protocol },
    target: { protocol, baseUrl: 'https://upstream.example', auth: { type: 'bearer', token: 'sk-x' } },
    model: { mode: 'passthrough' },
    endpoints: { mode: 'auto' },
  }
}

/**
 * A model name with characters a path must encode (Bedrock ids have colons, ARNs slashes); a
 * Gemini path reads both as its own separators, and Gemini names have neither.
 */
const tried = (protocol: ProtocolId) => (protocol === 'gemini' ? 'gemini-tried-1.5' : 'vendor/model-1:0')

describe('the probe from server to browser', () => {
  test.each([...PROTOCOL_IDS])('%s: the filled request is a chat route naming the tried model', (protocol) => {
    const wire = JSON.parse(JSON.stringify(buildUrlProbe(config(protocol), 'example-model'))) as unknown
    const probe = parseUrlProbe(wire)
    if (probe === undefined) throw new Error('no probe')
    expect(probe.chat.model).toBe('example-model')
    const { path, body } = withModel(probe.chat, tried(protocol))
    const url = new URL(`http://bridge.test/${path}`)
    const route = findCodec(protocol)?.matchRoute('POST', url.pathname.slice(1), url.searchParams)
    expect(route?.group).toBe('chat')
    const named = route?.pathModel ?? (body as { model?: unknown }).model
    expect(named).toBe(tried(protocol))
    expect(JSON.stringify(body)).not.toContain(probe.chat.modelSlot)
  })

  test('a probe without a model slot is sent as it is', () => {
    const chat = { path: 'v1/x', headers: {}, body: { model: 'fixed' }, stream: true, text: [], model: '', modelSlot: '' }
    expect(withModel(chat, 'other')).toEqual({ path: 'v1/x', body: { model: 'fixed' } })
  })
})
