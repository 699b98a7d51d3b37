/**
 * The endpoints beside chat, end to end through minted URLs: passed through byte for byte where
 * the upstream speaks the client's wire (a multipart upload included), refused with
 * UNSUPPORTED_ENDPOINT naming the group and the provider's docs where it does not, and 404 for
 * paths no protocol documents. GET /api/plan says the same in advance.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI, { toFile } from 'openai'
import { findProvider } from '../../src/core/catalog/providers.ts'
import { mintUrl, serveBridge, type ServedBridge } from './test-server.ts'

type Seen = { method: string; path: string; contentType: string | null; apiKey: string | null; authorization: string | null; body: Uint8Array }

let upstream: ReturnType<typeof Bun.serve>
let served: ServedBridge
let mockUrl: string
const seen: Seen[] = []

beforeAll(async () => {
  upstream = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) => {
      const path = new URL(request.url).pathname
      seen.push({
        method: request.method, path, contentType: request.headers.get('content-type'), apiKey: request.headers.get('x-api-key'),
        authorization: request.headers.get('authorization'), body: new Uint8Array(await request.arrayBuffer()),
      })
      if (path.endsWith('/messages/batches')) return Response.json({ id: 'msgbatch_01', type: 'message_batch', processing_status: 'in_progress', request_counts: { processing: 1, succeeded: 0, errored: 0, canceled: 0, expired: 0 }, created_at: '2026-01-01T00:00:00Z', expires_at: '2026-01-02T00:00:00Z', ended_at: null, archived_at: null, cancel_initiated_at: null, results_url: null })
      if (path.endsWith('/files')) return Response.json({ id: 'file-abc', object: 'file', bytes: 11, created_at: 1, filename: 'notes.jsonl', purpose: 'batch', status: 'processed' })
      return Response.json({ unexpected: path }, { status: 500 })
    },
  })
  mockUrl = `http://127.0.0.1:${upstream.port}`
  served = await serveBridge({ config: { allowHosts: [`127.0.0.1:${upstream.port}`] } })
})

afterAll(async () => {
  await served.stop()
  await upstream.stop(true)
})

function mintFor(source: string, provider: string, baseUrl: string, auth: Record<string, string>): Promise<string> {
  return mintUrl(served.url, { version: 2, source: { protocol: source }, target: { provider, baseUrl, auth } })
}

describe('Anthropic message batches', () => {
  test('pass through to an Anthropic upstream, body untouched, the sealed key sent', async () => {
    const proxyUrl = await mintFor('anthropic', 'anthropic', mockUrl, { type: 'x-api-key', token: 'sk-ant-upstream' })
    const client = new Anthropic({ baseURL: proxyUrl, apiKey: 'any-value', maxRetries: 0 })
    const requests = [{ custom_id: 'one', params: { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user' as const, content: 'hi' }] } }]
    const batch = await client.messages.batches.create({ requests })
    expect(batch.id).toBe('msgbatch_01')
    const call = seen.at(-1)!
    expect(call).toMatchObject({ method: 'POST', path: '/v1/messages/batches', apiKey: 'sk-ant-upstream' })
    expect(JSON.parse(new TextDecoder().decode(call.body))).toEqual({ requests })
  })

  test('toward an OpenAI target answer UNSUPPORTED_ENDPOINT naming the group and the provider docs', async () => {
    const before = seen.length
    const proxyUrl = await mintFor('anthropic', 'openai', `${mockUrl}/v1`, { type: 'bearer', token: 'sk-upstream' })
    const response = await fetch(`${proxyUrl}/v1/messages/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"requests":[]}' })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { type: string; error: { type: string; message: string }; error_code: string; endpoint_group: string; provider_docs_url: string }
    expect(body.error_code).toBe('UNSUPPORTED_ENDPOINT')
    expect(body.endpoint_group).toBe('batches')
    expect(body.provider_docs_url).toBe(findProvider('openai')!.docsUrl)
    expect(body.error.message).toContain("'batches'")
    expect(body.error.message).toContain(findProvider('openai')!.docsUrl)
    expect(seen.length).toBe(before)
  })

  test('a path the protocol does not document stays 404', async () => {
    const proxyUrl = await mintFor('anthropic', 'anthropic', mockUrl, { type: 'x-api-key', token: 'sk-ant-upstream' })
    const response = await fetch(`${proxyUrl}/v1/messages/batchez`, { method: 'POST', body: '{}' })
    expect(response.status).toBe(404)
    expect(((await response.json()) as { error_code: string }).error_code).toBe('NOT_FOUND')
  })
})

describe('an OpenAI file upload', () => {
  test('passes through as multipart bytes, untouched, through the official SDK', async () => {
    const proxyUrl = await mintFor('openai', 'openai', `${mockUrl}/v1`, { type: 'bearer', token: 'sk-upstream' })
    const client = new OpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: 'any-value', maxRetries: 0 })
    const content = '{"custom_id":"1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o"}}\n'
    const file = await client.files.create({ file: await toFile(Buffer.from(content), 'notes.jsonl'), purpose: 'batch' })
    expect(file.id).toBe('file-abc')
    const call = seen.at(-1)!
    expect(call).toMatchObject({ method: 'POST', path: '/v1/files', authorization: 'Bearer sk-upstream' })
    expect(call.contentType).toStartWith('multipart/form-data; boundary=')
    const form = await new Response(call.body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': call.contentType! } }).formData()
    expect(form.get('purpose')).toBe('batch')
    const uploaded = form.get('file') as File
    expect(uploaded.name).toBe('notes.jsonl')
    expect(await uploaded.text()).toBe(content)
  })
})

describe('a Gemini context cache toward a Chat Completions target', () => {
  test('answers UNSUPPORTED_ENDPOINT naming the caches group, in the Gemini error shape', async () => {
    const proxyUrl = await mintFor('gemini', 'openai', `${mockUrl}/v1`, { type: 'bearer', token: 'sk-upstream' })
    const response = await fetch(`${proxyUrl}/v1beta/cachedContents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"models/gemini-2.5-flash"}' })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { message: string }; error_code: string; endpoint_group: string }
    expect(body.error_code).toBe('UNSUPPORTED_ENDPOINT')
    expect(body.endpoint_group).toBe('caches')
    expect(body.error.message).toContain("'caches'")
  })
})

describe('GET /api/plan', () => {
  type Plan = { groups: string[]; providers: Array<{ id: string; plan: Array<{ group: string; action: string }> }>; custom: Array<{ protocol: string }> }

  test('says per provider what a URL does with each group of the client protocol', async () => {
    const response = await fetch(`${served.url}/api/plan?source=anthropic&mode=auto`)
    expect(response.status).toBe(200)
    const plan = (await response.json()) as Plan
    expect(plan.groups).toEqual(['chat', 'count_tokens', 'models', 'batches', 'files'])
    const openai = plan.providers.find((provider) => provider.id === 'openai')!
    expect(Object.fromEntries(openai.plan.map((entry) => [entry.group, entry.action]))).toMatchObject({ count_tokens: 'count-tokens-upstream', models: 'list-models-upstream', batches: 'unsupported' })
    expect(plan.custom.map((entry) => entry.protocol)).toContain('gemini')
  })

  test('a URL that maps model names (modelMode=map) lists them itself', async () => {
    const plan = (await (await fetch(`${served.url}/api/plan?source=anthropic&mode=auto&provider=openai&modelMode=map`)).json()) as Plan
    expect(plan.providers[0]!.plan.find((entry) => entry.group === 'models')?.action).toBe('list-models-locally')
  })

  test('narrows to one provider, and names a wrong parameter', async () => {
    const one = (await (await fetch(`${served.url}/api/plan?source=openai&provider=groq`)).json()) as Plan
    expect(one.providers.map((provider) => provider.id)).toEqual(['groq'])
    expect(one.custom).toEqual([])
    const bad = await fetch(`${served.url}/api/plan?source=klingon`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toStartWith("Query parameter 'source'")
    expect((await fetch(`${served.url}/api/plan?source=openai&provider=nope`)).status).toBe(400)
  })
})
