/**
 * LESSONS #22 through the whole proxy: the upstream's bytes are cut at arbitrary places —
 * inside multi-byte UTF-8 characters, between the CR and LF of CRLF framing, byte by byte —
 * and the client must receive exactly the same bytes for every split. The upstream fetch is
 * injected, so each split reaches the bridge exactly as cut (a socket could merge pieces).
 * Ids and signatures are deterministic (derived from the upstream's ids and an HMAC over the
 * text); only `created` of OpenAI chunks is the bridge's clock, and is normalised.
 */
import { describe, expect, test } from 'bun:test'
import { DEFAULT_SERVER_CONFIG } from '../../src/config.ts'
import type { ProxyConfig } from '../../src/core/proxy-config.ts'
import { deriveReasoningKey } from '../../src/core/reasoning/index.ts'
import { type KeyRing, sealToken } from '../../src/core/url-token/index.ts'
import { createProxyHandler } from '../../src/proxy/handle-proxy.ts'
import { fixtureSse } from './support.ts'

type Case = { name: string; source: 'anthropic' | 'openai'; upstreamSse: string }

const ring: KeyRing = { current: 1, keys: new Map([[1, new Uint8Array(32).fill(7)]]) }
let upstreamBytes = new Uint8Array()
let cuts: number[] = []

/** The injected upstream: answers with the current bytes, cut at `cuts`. */
const fakeFetch = (async () => {
  const pieces: Uint8Array[] = []
  let from = 0
  for (const cut of [...cuts, upstreamBytes.length]) {
    if (cut > from) pieces.push(upstreamBytes.slice(from, cut))
    from = Math.max(from, cut)
  }
  let position = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[position++]
      if (piece === undefined) controller.close()
      else controller.enqueue(piece)
    },
  })
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })
}) as unknown as typeof fetch

const handle = createProxyHandler({
  keyRing: ring,
  config: { ...DEFAULT_SERVER_CONFIG, retry: { ...DEFAULT_SERVER_CONFIG.retry, maxAttempts: 1 } },
  log: { record: () => {} },
  reasoningKey: await deriveReasoningKey(new Uint8Array(32).fill(9)),
  egress: { allowHosts: ['127.0.0.1'], ownPorts: [], localAddresses: () => [] },
  fetch: fakeFetch,
})

function config(source: 'anthropic' | 'openai'): ProxyConfig {
  const target = source === 'anthropic'
    ? { protocol: 'openai' as const, baseUrl: 'http://127.0.0.1:9/v1', auth: { type: 'bearer' as const, token: 'sk-up' } }
    : { protocol: 'anthropic' as const, baseUrl: 'http://127.0.0.1:9', auth: { type: 'x-api-key' as const, token: 'sk-up' } }
  return { tokenId: 'tok_split', source: { protocol: source }, target, model: { mode: 'passthrough', stripClientSuffix: true }, endpoints: { mode: 'auto' } }
}

async function clientBytes(source: 'anthropic' | 'openai'): Promise<string> {
  const token = await sealToken(config(source), ring)
  const path = source === 'anthropic' ? 'v1/messages' : 'v1/chat/completions'
  const body = source === 'anthropic'
    ? { model: 'm', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] }
    : { model: 'm', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] }
  const response = await handle(new Request(`http://bridge.test/proxy/${token}/${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }))
  const bytes = new Uint8Array(await response.arrayBuffer())
  // Compare bytes, not decoded text, so a U+FFFD introduced anywhere shows; only `created` is normalised.
  return Array.from(bytes, (byte) => String.fromCharCode(byte)).join('').replace(/"created":\d+/g, '"created":0')
}

/** Deterministic pseudo-random cut points (mulberry32), so a failure names a reproducible seed. */
function randomCuts(length: number, seed: number): number[] {
  let state = seed
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const count = 1 + Math.floor(next() * 40)
  return Array.from({ length: count }, () => Math.floor(next() * length)).sort((a, b) => a - b)
}

/** Cuts inside every multi-byte character and between every CR and LF. */
function awkwardCuts(bytes: Uint8Array): number[] {
  const cutsAt: number[] = []
  bytes.forEach((byte, index) => {
    if ((byte & 0xc0) === 0x80) cutsAt.push(index) // a continuation byte: the cut splits a character
    if (byte === 0x0a && bytes[index - 1] === 0x0d) cutsAt.push(index) // between CR and LF
  })
  return cutsAt
}

/**
 * openai-text.chunks.txt is 300 chunks; the first, the ones around each non-ASCII character
 * (lines 133, 142, 255) and the finish and usage chunks keep every shape at a fraction of the size.
 */
async function recordedExcerpt(): Promise<string> {
  const lines = (await Bun.file(`${import.meta.dir}/../fixtures/openai-chat/openai-text.chunks.txt`).text()).split('\n').filter((line) => line.trim() !== '')
  const keep = lines.filter((line, index) => index < 3 || index >= lines.length - 2 || /[^\x00-\x7f]/.test(line) || /[^\x00-\x7f]/.test(lines[index + 1] ?? ''))
  return `${keep.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`
}
const excerpt = await recordedExcerpt()

const cases: Case[] = [
  { name: 'OpenAI text excerpt (multi-byte) → Anthropic client', source: 'anthropic', upstreamSse: excerpt },
  { name: 'the same stream with CRLF framing → Anthropic client', source: 'anthropic', upstreamSse: excerpt.replace(/\n/g, '\r\n') },
  { name: 'OpenAI parallel tool calls → Anthropic client', source: 'anthropic', upstreamSse: await fixtureSse('openai-chat/openai-parallel-tool-calls.sse') },
  { name: 'Anthropic signed thinking (multi-byte) → OpenAI client', source: 'openai', upstreamSse: await fixtureSse('anthropic-messages/anthropic-thinking-signature.chunks.txt') },
  { name: 'Anthropic text + tool use with CRLF framing → OpenAI client', source: 'openai', upstreamSse: (await fixtureSse('anthropic-messages/anthropic-text-then-tool-use.chunks.txt')).replace(/\n/g, '\r\n') },
]

describe('LESSONS #22: multi-byte characters corrupted at chunk boundaries (U+FFFD)', () => {
  test.each(cases)('$name: identical client bytes for every split of the upstream bytes', async ({ source, upstreamSse }) => {
    upstreamBytes = new TextEncoder().encode(upstreamSse)
    cuts = []
    const reference = await clientBytes(source)
    expect(reference).not.toContain('\xef\xbf\xbd') // U+FFFD in UTF-8
    expect(reference.length).toBeGreaterThan(200)
    expect(reference).toMatch(/event: message_stop|data: \[DONE\]/)
    if (upstreamSse.includes('\r\n') || /[^\x00-\x7f]/.test(upstreamSse)) expect(awkwardCuts(upstreamBytes).length).toBeGreaterThan(0)
    const splits: Array<{ label: string; cuts: number[] }> = [
      { label: 'inside every multi-byte character and CRLF', cuts: awkwardCuts(upstreamBytes) },
      { label: 'byte by byte', cuts: Array.from({ length: upstreamBytes.length }, (_, index) => index) },
      ...Array.from({ length: 30 }, (_, seed) => ({ label: `random seed ${seed}`, cuts: randomCuts(upstreamBytes.length, seed + 1) })),
    ]
    for (const split of splits) {
      cuts = split.cuts
      const got = await clientBytes(source)
      if (got !== reference) throw new Error(`client bytes differ for the split "${split.label}"`)
    }
  })
})
