/**
 * Deterministic mock provider for benchmarks, run as its own process so it does not share a core
 * with the bridge. Speaks OpenAI Chat, Anthropic Messages, OpenAI Responses and Gemini, JSON and
 * SSE, and Bedrock Converse, JSON and AWS event-stream. Knobs are set for the whole process
 * through POST /__config so the bridge forwards requests untouched.
 *
 *   bun scripts/bench/mock-upstream.ts --port 9100
 */
import { bedrockBurst, bedrockFrames, bedrockJson } from './mock-bedrock.ts'
import { geminiEvents, geminiJson, geminiPathModel } from './mock-gemini.ts'
import { text, type Knobs } from './mock-knobs.ts'
import { responsesEvents, responsesJson } from './mock-responses.ts'

const knobs: Knobs = { responseBytes: 1024, events: 50, deltaChars: 8, ttftMs: 0, gapMs: 0 }
const port = Number(process.argv[process.argv.indexOf('--port') + 1] || 9100)
const encoder = new TextEncoder()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function openaiJson(model: string): unknown {
  return {
    id: 'chatcmpl-bench', object: 'chat.completion', created: 1700000000, model,
    choices: [{ index: 0, message: { role: 'assistant', content: text(knobs.responseBytes), refusal: null }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: Math.ceil(knobs.responseBytes / 4), total_tokens: 12 + Math.ceil(knobs.responseBytes / 4) },
  }
}

function anthropicJson(model: string): unknown {
  return {
    id: 'msg_bench', type: 'message', role: 'assistant', model,
    content: [{ type: 'text', text: text(knobs.responseBytes) }],
    stop_reason: 'end_turn', stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: Math.ceil(knobs.responseBytes / 4) },
  }
}

function* openaiEvents(model: string): Generator<string> {
  const base = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1700000000, model }
  yield `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`
  const delta = text(knobs.deltaChars)
  for (let i = 0; i < knobs.events; i++) {
    yield `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: delta }, finish_reason: null }] })}\n\n`
  }
  yield `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`
  yield `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 12, completion_tokens: knobs.events, total_tokens: 12 + knobs.events } })}\n\n`
  yield 'data: [DONE]\n\n'
}

function* anthropicEvents(model: string): Generator<string> {
  const event = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`
  yield event('message_start', { type: 'message_start', message: { id: 'msg_bench', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1 } } })
  yield event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })
  const delta = text(knobs.deltaChars)
  for (let i = 0; i < knobs.events; i++) {
    yield event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: delta } })
  }
  yield event('content_block_stop', { type: 'content_block_stop', index: 0 })
  yield event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: knobs.events } })
  yield event('message_stop', { type: 'message_stop' })
}

function sse(events: Generator<string>): Response {
  if (knobs.gapMs === 0) {
    // Burst: one body, as fast as the mock can write it.
    return new Response([...events].join(''), { headers: { 'content-type': 'text/event-stream' } })
  }
  return paced(events, 'text/event-stream')
}

function paced(events: Generator<string | Uint8Array>, contentType: string): Response {
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = events.next()
      if (next.done) return controller.close()
      controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value)
      await sleep(knobs.gapMs)
    },
  })
  return new Response(stream, { headers: { 'content-type': contentType } })
}

const EVENT_STREAM = 'application/vnd.amazon.eventstream'

function bedrockStream(): Response {
  return knobs.gapMs === 0 ? new Response(bedrockBurst(knobs), { headers: { 'content-type': EVENT_STREAM } }) : paced(bedrockFrames(knobs), EVENT_STREAM)
}

/** The protocols added after the first two; their paths never match the two above. */
function answerOthers(pathname: string, model: string, stream: boolean): Response | undefined {
  if (pathname.endsWith('/responses')) return stream ? sse(responsesEvents(model, knobs)) : Response.json(responsesJson(model, knobs))
  if (pathname.endsWith(':generateContent')) return Response.json(geminiJson(geminiPathModel(pathname) ?? model, knobs))
  if (pathname.endsWith(':streamGenerateContent')) return sse(geminiEvents(geminiPathModel(pathname) ?? model, knobs))
  if (pathname.endsWith('/converse')) return Response.json(bedrockJson(knobs))
  if (pathname.endsWith('/converse-stream')) return bedrockStream()
  return undefined
}

Bun.serve({
  port,
  hostname: '127.0.0.1',
  idleTimeout: 0,
  async fetch(request) {
    const url = new URL(request.url)
    if (url.pathname === '/__config') {
      Object.assign(knobs, await request.json())
      return Response.json(knobs)
    }
    const body = (await request.json().catch(() => ({}))) as { model?: string; stream?: boolean }
    const model = body.model ?? 'bench-model'
    if (knobs.ttftMs > 0) await sleep(knobs.ttftMs)
    if (url.pathname.endsWith('/chat/completions')) {
      return body.stream ? sse(openaiEvents(model)) : Response.json(openaiJson(model))
    }
    if (url.pathname.endsWith('/messages')) {
      return body.stream ? sse(anthropicEvents(model)) : Response.json(anthropicJson(model))
    }
    const other = answerOthers(url.pathname, model, body.stream === true)
    if (other) return other
    return Response.json({ error: { message: 'not found', type: 'invalid_request_error' } }, { status: 404 })
  },
})
console.log(`mock-upstream listening on http://127.0.0.1:${port}`)
export {}
