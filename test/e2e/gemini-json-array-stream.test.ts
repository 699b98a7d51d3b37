/**
 * A Gemini client calling `:streamGenerateContent` without `alt=sse` reads one JSON array, as
 * Gemini answers it then: element by element as the upstream produces them, never buffered,
 * translated from another protocol's stream and passed through from Gemini alike. The upstream
 * holds the rest of its answer until the client has read the first element, so a bridge that
 * buffered would never answer (the test would time out), with no timing assumption.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'

type Gate = { open: () => void; opened: Promise<void> }

function gate(): Gate {
  let open = (): void => {}
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

type HeldUpstream = { url: string; port: number; paths: string[]; headers: Headers[]; stop: () => void }

/** Sends `first`, waits for the gate, then sends `rest` and ends. */
function heldUpstream(contentType: string, first: string, rest: string, held: Gate): HeldUpstream {
  const paths: string[] = []
  const headers: Headers[] = []
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: (request) => {
      const url = new URL(request.url)
      paths.push(url.pathname + url.search)
      headers.push(request.headers)
      const encoder = new TextEncoder()
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode(first))
          await held.opened
          controller.enqueue(encoder.encode(rest))
          controller.close()
        },
      })
      return new Response(body, { headers: { 'content-type': contentType } })
    },
  })
  return { url: `http://127.0.0.1:${server.port}`, port: server.port ?? 0, paths, headers, stop: () => void server.stop(true) }
}

/** Reads the client's body until `done(text)` holds, then opens the gate and reads the rest. */
async function readHeld(response: Response, held: Gate, firstElementSeen: (text: string) => boolean): Promise<{ beforeRelease: string; whole: string }> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  while (!firstElementSeen(text)) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`the stream ended before its first element: ${text}`)
    text += decoder.decode(value, { stream: true })
  }
  const beforeRelease = text
  held.open()
  for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value, { stream: true })
  return { beforeRelease, whole: text + decoder.decode() }
}

const ASK = { contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }] }

function postJsonArrayStream(proxyUrl: string): Promise<Response> {
  return fetch(`${proxyUrl}/v1beta/models/gemini-2.5-flash:streamGenerateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ASK),
  })
}

type Element = { candidates?: Array<{ content?: { parts?: Array<{ text?: string }> }; finishReason?: string }>; usageMetadata?: { promptTokenCount?: number } }

const textOf = (elements: Element[]): string => elements.flatMap((element) => element.candidates?.[0]?.content?.parts ?? []).map((part) => part.text ?? '').join('')

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

describe('a Gemini client streaming without alt=sse gets one JSON array, element by element', () => {
  test('translated from an OpenAI Chat stream: the first element arrives while the upstream still holds the rest', async () => {
    const held = gate()
    const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
      `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1770933892, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
    const usage = `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1770933892, model: 'gpt-4o', choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } })}\n\n`
    const upstream = heldUpstream('text/event-stream', chunk({ role: 'assistant', content: 'Hello' }), chunk({ content: ' there' }) + chunk({}, 'stop') + usage + 'data: [DONE]\n\n', held)
    bridge.allowUpstream(upstream.port)
    try {
      const { proxyUrl, tokenId } = await bridge.mint({
        version: 2, source: { protocol: 'gemini' }, target: { protocol: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
        model: { mode: 'force', force: 'gpt-4o' },
      })
      const response = await postJsonArrayStream(proxyUrl)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toStartWith('application/json')
      const { beforeRelease, whole } = await readHeld(response, held, (text) => text.includes('Hello'))
      expect(beforeRelease).toStartWith('[')
      expect(beforeRelease).not.toContain('finishReason')
      const elements = JSON.parse(whole) as Element[]
      expect(textOf(elements)).toBe('Hello there')
      expect(elements.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP')
      expect(elements.at(-1)?.usageMetadata?.promptTokenCount).toBe(9)
      expect(upstream.paths).toEqual(['/v1/chat/completions'])
      const [row] = await bridge.rowsFor(tokenId, 1)
      expect(row).toMatchObject({ sourceProtocol: 'gemini', targetProtocol: 'openai', stream: true, status: 200 })
    } finally {
      upstream.stop()
    }
  })

  test("passed through from Gemini: the upstream's array is relayed byte for byte, its first element before the rest exists", async () => {
    const held = gate()
    const element = (text: string, final = false): string =>
      JSON.stringify({ candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0, ...(final ? { finishReason: 'STOP' } : {}) }], usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 }, modelVersion: 'gemini-2.5-flash', responseId: 'r1' })
    const first = `[${element('Hello')}`
    const rest = `\r\n,\r\n${element(' there', true)}\r\n]`
    const upstream = heldUpstream('application/json; charset=UTF-8', first, rest, held)
    bridge.allowUpstream(upstream.port)
    try {
      const { proxyUrl, tokenId } = await bridge.mint({
        version: 2, source: { protocol: 'gemini' }, target: { protocol: 'gemini', baseUrl: upstream.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
      })
      const response = await postJsonArrayStream(proxyUrl)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toStartWith('application/json')
      const { beforeRelease, whole } = await readHeld(response, held, (text) => text.includes('Hello'))
      expect(beforeRelease).toBe(first)
      // No keepalive or error frame inside the array: the bytes are the upstream's.
      expect(whole).toBe(first + rest)
      expect(textOf(JSON.parse(whole) as Element[])).toBe('Hello there')
      // The bridge asked for the same form, with the key in the header, never in the URL.
      expect(upstream.paths).toEqual(['/v1beta/models/gemini-2.5-flash:streamGenerateContent'])
      expect(upstream.headers[0]?.get('x-goog-api-key')).toBe(UPSTREAM_KEY)
      const [row] = await bridge.rowsFor(tokenId, 1)
      expect(row).toMatchObject({ sourceProtocol: 'gemini', targetProtocol: 'gemini', stream: true, status: 200 })
    } finally {
      upstream.stop()
    }
  })
})
