/**
 * The real proxy handler behind a real HTTP server, in front of the fault-injecting upstream:
 * each test scripts the upstream, picks the server's stream settings, and reads what an actual
 * HTTP client receives.
 */
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../src/config.ts'
import type { RequestLogRow } from '../../src/log/request-log-row.ts'
import { startFaultUpstream, sse, type FaultScript, type FaultUpstream } from '../support/fault-upstream.ts'
import { anthropicBody, createHarness, serveHandler, UPSTREAM_KEY, waitForRows, type Harness } from './proxy-harness.ts'

export type FaultBridge = {
  upstream: FaultUpstream
  harness: Harness
  url: string
  /** Anthropic client → OpenAI Chat upstream (translation). */
  translatedToken: () => Promise<string>
  /** Anthropic client → Anthropic upstream (passthrough). */
  passthroughToken: () => Promise<string>
  post: (token: string, overrides?: Record<string, unknown>, signal?: AbortSignal) => Promise<Response>
  lastRow: () => Promise<RequestLogRow>
  stop: () => void
}

export type StreamSettings = Partial<ServerConfig['streams']> & { timeouts?: Partial<ServerConfig['timeouts']> }

export async function startFaultBridge(script: FaultScript, settings: StreamSettings = {}): Promise<FaultBridge> {
  const upstream = startFaultUpstream(script)
  const { timeouts, ...streams } = settings
  const harness = await createHarness(upstream.url, {
    timeouts: { ...DEFAULT_SERVER_CONFIG.timeouts, ...timeouts },
    streams: { ...DEFAULT_SERVER_CONFIG.streams, ...streams },
  })
  const server = serveHandler(harness.handle)
  return {
    upstream,
    harness,
    url: server.url,
    translatedToken: () =>
      harness.mint({
        target: { protocol: 'openai', provider: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
        model: { mode: 'force', force: 'gpt-4o' },
      }),
    passthroughToken: () => harness.mint(),
    post: (token, overrides = { stream: true }, signal) =>
      fetch(`${server.url}/proxy/${token}/v1/messages`, {
        method: 'POST',
        body: anthropicBody(overrides),
        headers: { 'content-type': 'application/json' },
        ...(signal === undefined ? {} : { signal }),
      }),
    lastRow: async () => {
      await waitForRows(harness.rows, 1)
      const row = harness.rows.at(-1)
      if (row === undefined) throw new Error('no log row')
      return row
    },
    stop: () => {
      server.stop()
      upstream.stop()
    },
  }
}

/** OpenAI Chat stream chunks as a real upstream sends them. */
export function openaiChunk(delta: Record<string, unknown>, finish: string | null = null): string {
  return sse({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })
}

export const OPENAI_HELLO = [openaiChunk({ role: 'assistant', content: '' }), openaiChunk({ content: 'Hel' }), openaiChunk({ content: 'lo' })]
export const OPENAI_END = [openaiChunk({}, 'stop'), 'data: [DONE]\n\n']

/** Anthropic SSE events of a short answer, for passthrough. */
export const ANTHROPIC_START = [
  sse({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'm', stop_reason: null, usage: { input_tokens: 5, output_tokens: 1 } } }, 'message_start'),
  sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
]
export const anthropicDelta = (text: string): string => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, 'content_block_delta')
export const ANTHROPIC_END = [
  sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
  sse({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } }, 'message_delta'),
  sse({ type: 'message_stop' }, 'message_stop'),
]

/** The SSE event names a client received, in order. */
export function eventNames(text: string): string[] {
  return [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]!.trim())
}

/** Resolves true when the upstream saw the caller leave within `ms`. */
export function upstreamReleasedWithin(upstream: FaultUpstream, index: number, ms: number): Promise<boolean> {
  const request = upstream.requests[index]
  if (request === undefined) return Promise.resolve(false)
  return Promise.race([request.aborted.then(() => true), Bun.sleep(ms).then(() => false)])
}
