/**
 * Every translate/passthrough claim of every preset, exercised through the real server: a URL is
 * minted for the preset (its provider id, its auth type, its base path on a local mock), a
 * representative request of the claimed group is sent, and the mock must receive it under the
 * preset's base path, with the key in the preset's header, and the client must get a 200.
 * Chat is sent twice: by a client of the preset's own protocol (passthrough) and by one of
 * another protocol (translate). A claim on a group that no route of the bridge reaches yet is
 * listed, not skipped silently (route-agreement.test.ts decides those from the route alone).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { ENDPOINT_GROUPS } from '../../src/core/catalog/provider-preset-schema.ts'
import type { ProviderPreset } from '../../src/core/catalog/provider-preset.ts'
import { PROVIDERS } from '../../src/core/catalog/providers.ts'
import type { ProtocolId } from '../../src/core/model/index.ts'
import type { EndpointGroup } from '../../src/core/protocols/codec.ts'
import { UPSTREAM_MOCKS } from '../pair-matrix/mocks/index.ts'
import { startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { startFaultUpstream, type FaultReply, type FaultRequest, type FaultUpstream } from '../support/fault-upstream.ts'

/** client: the protocol of the client that reaches the group (default: the preset's own). */
type Sample = { method: 'GET' | 'POST'; path: string; body?: unknown; upstreamSuffix: RegExp; client?: ProtocolId }

const MESSAGES = [{ role: 'user', content: 'ping' }]
const GEMINI_CONTENTS = [{ role: 'user', parts: [{ text: 'ping' }] }]

/** One representative client request per (protocol, group) the bridge routes, and the upstream path it must end in. */
const SAMPLES: Partial<Record<ProtocolId, Partial<Record<EndpointGroup, Sample>>>> = {
  openai: {
    chat: { method: 'POST', path: 'v1/chat/completions', body: { model: 'm', messages: MESSAGES }, upstreamSuffix: /\/chat\/completions$/ },
    models: { method: 'GET', path: 'v1/models', upstreamSuffix: /\/models$/ },
    embeddings: { method: 'POST', path: 'v1/embeddings', body: { model: 'm', input: 'ping' }, upstreamSuffix: /\/embeddings$/ },
    responses: { method: 'POST', path: 'v1/responses', body: { model: 'm', input: 'ping' }, upstreamSuffix: /\/responses$/ },
    images: { method: 'POST', path: 'v1/images/generations', body: { model: 'm', prompt: 'a cat' }, upstreamSuffix: /\/images\/generations$/ },
    audio: { method: 'POST', path: 'v1/audio/speech', body: { model: 'm', input: 'ping', voice: 'alloy' }, upstreamSuffix: /\/audio\/speech$/ },
    files: { method: 'GET', path: 'v1/files', upstreamSuffix: /\/files$/ },
    batches: { method: 'GET', path: 'v1/batches', upstreamSuffix: /\/batches$/ },
    completions: { method: 'POST', path: 'v1/completions', body: { model: 'm', prompt: 'ping' }, upstreamSuffix: /\/completions$/ },
    moderations: { method: 'POST', path: 'v1/moderations', body: { input: 'ping' }, upstreamSuffix: /\/moderations$/ },
    vector_stores: { method: 'GET', path: 'v1/vector_stores', upstreamSuffix: /\/vector_stores$/ },
    other: { method: 'GET', path: 'v1/fine_tuning/jobs', upstreamSuffix: /\/fine_tuning\/jobs$/ },
    rerank: { method: 'POST', path: 'v1/rerank', body: { model: 'm', query: 'ping', documents: ['a'] }, upstreamSuffix: /\/rerank$/ },
    // Only the Responses API counts tokens; its client shares the OpenAI wire family.
    count_tokens: { client: 'openai-responses', method: 'POST', path: 'v1/responses/input_tokens', body: { model: 'm', input: 'ping' }, upstreamSuffix: /\/responses\/input_tokens$/ },
  },
  anthropic: {
    chat: { method: 'POST', path: 'v1/messages', body: { model: 'm', max_tokens: 16, messages: MESSAGES }, upstreamSuffix: /\/v1\/messages$/ },
    count_tokens: { method: 'POST', path: 'v1/messages/count_tokens', body: { model: 'm', messages: MESSAGES }, upstreamSuffix: /\/v1\/messages\/count_tokens$/ },
    models: { method: 'GET', path: 'v1/models', upstreamSuffix: /\/v1\/models$/ },
    batches: { method: 'GET', path: 'v1/messages/batches', upstreamSuffix: /\/v1\/messages\/batches$/ },
    files: { method: 'GET', path: 'v1/files', upstreamSuffix: /\/v1\/files$/ },
  },
  gemini: {
    chat: { method: 'POST', path: 'v1beta/models/m:generateContent', body: { contents: GEMINI_CONTENTS }, upstreamSuffix: /\/models\/m:generateContent$/ },
    count_tokens: { method: 'POST', path: 'v1beta/models/m:countTokens', body: { contents: GEMINI_CONTENTS }, upstreamSuffix: /\/models\/m:countTokens$/ },
    models: { method: 'GET', path: 'v1beta/models', upstreamSuffix: /\/models$/ },
    embeddings: { method: 'POST', path: 'v1beta/models/m:embedContent', body: { content: { parts: [{ text: 'ping' }] } }, upstreamSuffix: /\/models\/m:embedContent$/ },
    files: { method: 'GET', path: 'v1beta/files', upstreamSuffix: /\/files$/ },
    caches: { method: 'GET', path: 'v1beta/cachedContents', upstreamSuffix: /\/cachedContents$/ },
    batches: { method: 'GET', path: 'v1beta/batches', upstreamSuffix: /\/batches$/ },
  },
  bedrock: {
    chat: { method: 'POST', path: 'model/m/converse', body: { messages: [{ role: 'user', content: [{ text: 'ping' }] }] }, upstreamSuffix: /\/model\/m\/converse$/ },
    count_tokens: {
      method: 'POST', path: 'model/m/count-tokens', body: { input: { converse: { messages: [{ role: 'user', content: [{ text: 'ping' }] }] } } }, upstreamSuffix: /\/model\/m\/count-tokens$/,
    },
    moderations: { method: 'POST', path: 'guardrail/gr-1/version/1/apply', body: { source: 'INPUT', content: [{ text: { text: 'ping' } }] }, upstreamSuffix: /\/guardrail\/gr-1\/version\/1\/apply$/ },
    other: { method: 'GET', path: 'async-invoke', upstreamSuffix: /\/async-invoke$/ },
  },
}

/** The client protocol that makes chat a translation for a target of this protocol. */
const FOREIGN_CLIENT: Record<string, ProtocolId> = { openai: 'anthropic', anthropic: 'openai', gemini: 'openai', bedrock: 'anthropic' }

/** Where each auth type puts the sealed key upstream (the gemini protocol sends x-api-key as x-goog-api-key). */
function keyArrived(preset: ProviderPreset, headers: Record<string, string>): boolean {
  switch (preset.authType) {
    case 'bearer': return headers.authorization === `Bearer ${UPSTREAM_KEY}`
    case 'x-api-key': return (preset.protocol === 'gemini' ? headers['x-goog-api-key'] : headers['x-api-key']) === UPSTREAM_KEY
    case 'azure': return headers['api-key'] === UPSTREAM_KEY
    case 'aws': return (headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 Credential=AKIDCATALOG/')
    case 'none': return headers.authorization === undefined && headers['x-api-key'] === undefined
  }
}

function targetAuth(preset: ProviderPreset): Record<string, unknown> | undefined {
  switch (preset.authType) {
    case 'none': return undefined
    case 'azure': return { type: 'azure', apiKey: UPSTREAM_KEY }
    case 'aws': return { type: 'aws', accessKeyId: 'AKIDCATALOG', secretAccessKey: UPSTREAM_KEY, region: 'us-east-1' }
    default: return { type: preset.authType, token: UPSTREAM_KEY }
  }
}

/** The preset's base path (placeholders filled), served by the mock instead of the provider's host. */
function basePath(preset: ProviderPreset): string {
  return new URL(preset.defaultBaseUrl.replaceAll(/\{[^}]+\}/g, 'x')).pathname.replace(/\/$/, '')
}

type Claim = { preset: ProviderPreset; group: EndpointGroup; client: ProtocolId; action: 'passthrough' | 'translate' }

function claims(): { routed: Claim[]; unrouted: string[] } {
  const routed: Claim[] = []
  const unrouted: string[] = []
  for (const preset of PROVIDERS) {
    for (const group of ENDPOINT_GROUPS) {
      const support = preset.endpointSupport[group]
      if (support !== 'translate' && support !== 'passthrough') continue
      const sample = SAMPLES[preset.protocol]?.[group]
      if (sample === undefined) unrouted.push(`${preset.protocol}.${group}`)
      else routed.push({ preset, group, client: sample.client ?? preset.protocol, action: 'passthrough' })
      if (group === 'chat') routed.push({ preset, group, client: FOREIGN_CLIENT[preset.protocol]!, action: 'translate' })
    }
  }
  return { routed, unrouted: [...new Set(unrouted)].sort() }
}

let bridge: E2eBridge
let upstream: FaultUpstream
let protocol: ProtocolId = 'openai'

/** Chat answers come from the pair-matrix mock of the target protocol; other groups get an empty JSON list. */
function reply(call: FaultRequest): FaultReply {
  const mock = UPSTREAM_MOCKS[protocol]
  const chat = /\/chat\/completions$|\/v1\/messages$|:generateContent$|\/converse$/.test(call.path.split('?')[0]!)
  if (chat && mock !== undefined) return mock.answer({ text: 'pong', finish: 'stop', usage: { input: 3, output: 1 } }, call)
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object: 'list', data: [], input_tokens: 3, totalTokens: 3 }) }
}

beforeAll(async () => {
  bridge = await startE2eBridge()
  upstream = startFaultUpstream(reply)
  bridge.allowUpstream(upstream.port)
})

afterAll(async () => {
  upstream.stop()
  await bridge.close()
})

async function exercise(claim: Claim): Promise<string | undefined> {
  const { preset, group, client } = claim
  const sample = claim.action === 'translate' ? SAMPLES[client]!.chat! : SAMPLES[preset.protocol]![group]!
  protocol = preset.protocol
  const auth = targetAuth(preset)
  const { proxyUrl } = await bridge.mint({
    version: 2,
    source: { protocol: client },
    target: { provider: preset.id, baseUrl: `${upstream.url}${basePath(preset)}`, ...(auth === undefined ? {} : { auth }) },
  })
  const before = upstream.requests.length
  const response = await fetch(`${proxyUrl}/${sample.path}`, {
    method: sample.method,
    headers: { 'content-type': 'application/json', authorization: 'Bearer client', 'x-api-key': 'client', 'anthropic-version': '2023-06-01' },
    ...(sample.body === undefined ? {} : { body: JSON.stringify(sample.body) }),
  })
  const text = await response.text()
  const where = `${client} → ${preset.id}.${group} (${claim.action})`
  if (response.status !== 200) return `${where}: client got ${response.status} ${text.slice(0, 160)}`
  const calls = upstream.requests.slice(before)
  if (calls.length !== 1) return `${where}: the mock received ${calls.length} requests`
  const call = calls[0]!
  const path = call.path.split('?')[0]!
  const expected = group === 'chat' && claim.action === 'translate' ? SAMPLES[preset.protocol]!.chat!.upstreamSuffix : SAMPLES[preset.protocol]![group]!.upstreamSuffix
  if (!path.startsWith(basePath(preset)) || !expected.test(path.replace(/\/model\/[^/]+\//, '/model/m/').replace(/\/models\/[^/:]+:/, '/models/m:'))) {
    return `${where}: the mock received ${call.method} ${path}`
  }
  if (!keyArrived(preset, call.headers)) return `${where}: the sealed key did not arrive as ${preset.authType}`
  return undefined
}

describe('every translate/passthrough claim of the catalog, through the real server', () => {
  test('each routed claim reaches a mock of the preset protocol under its base path, with its key', async () => {
    const { routed } = claims()
    const failures: string[] = []
    for (const claim of routed) {
      const failure = await exercise(claim)
      if (failure !== undefined) failures.push(failure)
    }
    expect(failures).toEqual([])
    // Every preset's chat claim was sent both ways.
    expect(routed.filter((claim) => claim.group === 'chat').length).toBe(2 * PROVIDERS.length)
  }, 120_000)

  test('every claim of every preset has a representative request here', () => {
    expect(claims().unrouted).toEqual([])
  })

  test('the check can fail: a request the bridge answers without the upstream is reported', async () => {
    // An OpenAI client's model list for an Anthropic-compatible provider without one is answered locally: the mock sees nothing.
    const withoutList = PROVIDERS.find((preset) => preset.protocol === 'anthropic' && preset.endpointSupport.models === 'unsupported')!
    const failure = await exercise({ preset: withoutList, group: 'models', client: 'openai', action: 'passthrough' })
    expect(failure).toContain('the mock received 0 requests')
  })
})
