/**
 * One bridge per test file for the LESSONS tests: the real proxy handler (createProxyHandler,
 * via the proxy harness) in front of a scriptable mock upstream. Requests go straight to the
 * handler (no socket on the client side), so each test is a few milliseconds.
 */
import type { ProxyConfig } from '../../src/core/proxy-config.ts'
import type { RequestLogRow } from '../../src/log/request-log-row.ts'
import { type MockReply, type MockUpstream, type ReceivedRequest, startMockUpstream } from '../support/mock-upstream.ts'
import { createHarness, UPSTREAM_KEY, waitForRows } from '../proxy/proxy-harness.ts'

export type Direction = 'anthropic→openai' | 'openai→anthropic'

export type LessonBridge = {
  upstream: MockUpstream
  rows: RequestLogRow[]
  /** What the mock answers next (until changed). */
  reply(next: MockReply | ((request: ReceivedRequest) => MockReply)): void
  /** POST a JSON body to the client path through a fresh token; `config` overrides the URL's config. */
  post(path: string, body: unknown, config?: Partial<ProxyConfig>): Promise<Response>
  /** The JSON body the upstream received last. */
  lastUpstreamBody(): Record<string, unknown>
  lastRow(): Promise<RequestLogRow>
  stop(): void
}

export async function startLessonBridge(direction: Direction, provider = direction === 'anthropic→openai' ? 'openai' : 'anthropic'): Promise<LessonBridge> {
  let next: MockReply | ((request: ReceivedRequest) => MockReply) = { status: 500, json: { error: { message: 'no reply scripted' } } }
  const upstream = startMockUpstream((request) => (typeof next === 'function' ? next(request) : next))
  const harness = await createHarness(upstream.url)
  const toOpenai = direction === 'anthropic→openai'
  const defaults: Partial<ProxyConfig> = toOpenai
    ? {
      source: { protocol: 'anthropic' },
      target: { protocol: 'openai', provider, baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
      model: { mode: 'passthrough', stripClientSuffix: true },
    }
    : {
      source: { protocol: 'openai' },
      target: { protocol: 'anthropic', provider, baseUrl: upstream.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
      model: { mode: 'passthrough', stripClientSuffix: true },
    }
  return {
    upstream,
    rows: harness.rows,
    reply(value) {
      next = value
    },
    async post(path, body, config = {}) {
      const token = await harness.mint({ ...defaults, ...config })
      return harness.handle(new Request(`http://bridge.test/proxy/${token}/${path}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body),
      }))
    },
    lastUpstreamBody: () => upstream.requests.at(-1)!.json as Record<string, unknown>,
    async lastRow() {
      await waitForRows(harness.rows, harness.rows.length === 0 ? 1 : harness.rows.length)
      return harness.rows.at(-1)!
    },
    stop: () => upstream.stop(),
  }
}

/** `*.chunks.txt` / `.sse` fixtures as the SSE text an upstream would send. */
export async function fixtureSse(relative: string): Promise<string> {
  const text = await Bun.file(`${import.meta.dir}/../fixtures/${relative}`).text()
  if (relative.endsWith('.sse')) return text
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  if (relative.startsWith('openai-chat/')) return `${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`
  return lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join('')
}

/** A JSON chat.completion chunk stream from literal chunks (the bridge's input, shaped like OpenAI's). */
export function openaiSse(chunks: Array<Record<string, unknown>>): string {
  const base = { id: 'chatcmpl-lesson', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'upstream-model' }
  return `${chunks.map((chunk) => `data: ${JSON.stringify({ ...base, ...chunk })}\n\n`).join('')}data: [DONE]\n\n`
}

/** Parsed `data:` payloads of an SSE body (without [DONE]). */
export function ssePayloads(text: string): Array<Record<string, unknown>> {
  return text.split(/\r?\n\r?\n/).map((frame) => frame.split(/\r?\n/).find((line) => line.startsWith('data: '))?.slice(6))
    .filter((data): data is string => data !== undefined && data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>)
}
