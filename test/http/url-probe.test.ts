import { describe, expect, test } from 'bun:test'
import { PROTOCOL_IDS, type ProtocolId } from '../../src/core/model/protocol-id.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import type { ProxyConfig } from '../../src/core/proxy-config.ts'
import { buildUrlProbe } from '../../src/http/url-probe.ts'

const MAPPED: ProxyConfig['model'] = { mode: 'map', map: { 'claude-sonnet-4-5': 'gpt-4o' } }

function config(source: ProtocolId, target: ProtocolId, mode: ProxyConfig['endpoints']['mode'] = 'auto', model: ProxyConfig['model'] = { mode: 'passthrough' }): ProxyConfig {
  return {
    tokenId: 'tok_probe_001',
    source: { protocol: source },
    target: { protocol: target, baseUrl: 'https://upstream.example/v1', auth: { type: 'bearer', token: 'sk-x' } },
    model,
    endpoints: { mode },
  }
}

describe("every codec's probe is a request its own routes accept", () => {
  test.each([...PROTOCOL_IDS])('%s: the chat probe is a chat route streamed as it says, the models probe a models route', (id) => {
    const codec = findCodec(id)
    const probe = codec?.client.probe
    if (codec === undefined || probe === undefined) throw new Error(`${id} has no probe`)
    const chat = probe.chat('some-model')
    const url = new URL(`http://bridge.test/${chat.path}`)
    const route = codec.matchRoute('POST', url.pathname.slice(1), url.searchParams)
    expect(route?.group).toBe('chat')
    const streamedByBody = (chat.body as { stream?: unknown }).stream === true
    expect(route?.pathStream === true || streamedByBody).toBe(chat.stream)
    expect(probe.text.length).toBeGreaterThan(0)
    if (probe.models !== undefined) expect(codec.matchRoute('GET', probe.models.path)?.group).toBe('models')
  })
})

describe('the probe in the generate-url answer', () => {
  test('a same-protocol URL offers the model list, with the chat request for the client model', () => {
    const probe = buildUrlProbe(config('openai', 'openai'), 'gpt-4o-mini')
    expect(probe?.chat).toMatchObject({ method: 'POST', path: 'v1/chat/completions', stream: true, body: { model: '{model}' }, model: 'gpt-4o-mini', modelSlot: '{model}' })
    expect(probe?.models).toEqual({ path: 'v1/models', ids: '/data/*/id' })
    expect(probe?.modelsUnavailable).toBeUndefined()
  })

  test('a URL that maps names across wire families answers model lists itself: it offers none, and says why', () => {
    const probe = buildUrlProbe(config('anthropic', 'openai', 'auto', MAPPED), 'claude-sonnet-4-5')
    expect(probe?.models).toBeUndefined()
    expect(probe?.modelsUnavailable).toContain('answers model lists itself')
    expect(probe?.modelsUnavailable).toContain('a URL that passes model names through lists them')
  })

  test("a URL that passes names through across wire families offers the upstream's list, read in the client's shape", () => {
    const probe = buildUrlProbe(config('anthropic', 'openai'), 'claude-sonnet-4-5')
    expect(probe?.models).toEqual({ path: 'v1/models', ids: '/data/*/id' })
    expect(probe?.modelsUnavailable).toBeUndefined()
    const gemini = buildUrlProbe(config('gemini', 'openai'), 'gemini-2.5-flash')
    expect(gemini?.models).toEqual({ path: 'v1beta/models', ids: '/models/*/name', prefix: 'models/' })
  })

  test('a Bedrock target has no list on its runtime URL: the URL answers itself and offers none', () => {
    const probe = buildUrlProbe(config('openai', 'bedrock'), 'gpt-4o')
    expect(probe?.models).toBeUndefined()
    expect(probe?.modelsUnavailable).toContain('answers model lists itself')
    expect(probe?.modelsUnavailable).not.toContain('passes model names through')
  })

  test('within one wire family the list passes through; in translate mode only names that pass through reach it', () => {
    const probe = buildUrlProbe(config('openai', 'openai-responses', 'passthrough'), 'gpt-4o-mini')
    expect(probe?.models).toEqual({ path: 'v1/models', ids: '/data/*/id' })
    expect(buildUrlProbe(config('openai', 'openai-responses', 'translate'), 'gpt-4o-mini')?.models).toEqual({ path: 'v1/models', ids: '/data/*/id' })
    const translate = buildUrlProbe(config('openai', 'openai-responses', 'translate', MAPPED), 'gpt-4o-mini')
    expect(translate?.models).toBeUndefined()
    expect(translate?.modelsUnavailable).toContain('answers model lists itself')
  })
})
