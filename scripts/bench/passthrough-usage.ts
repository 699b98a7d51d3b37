/**
 * What reading usage on the passthrough path costs per event: a streamed answer relayed as it is
 * (the baseline) against the same answer relayed while the protocol's own decoder reads it for
 * the log row (src/proxy/observe-passthrough-usage.ts). In-process, CPU time of this process,
 * alternating the two in rounds so a noisy machine hits both alike; prints µs of CPU per event
 * for each protocol and the ratio to the baseline measured in the same run.
 *
 *   bun scripts/bench/passthrough-usage.ts [--events 500] [--streams 200] [--rounds 7]
 */
import { anthropicCodec } from '../../src/core/protocols/anthropic/index.ts'
import type { ProtocolCodec } from '../../src/core/protocols/codec.ts'
import { openaiCodec } from '../../src/core/protocols/openai/index.ts'
import { observeStreamUsage } from '../../src/proxy/observe-passthrough-usage.ts'
import { RequestLogDraft } from '../../src/proxy/request-log-draft.ts'

const args = process.argv
const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
const EVENTS = option('--events', 500)
const STREAMS = option('--streams', 200)
const ROUNDS = option('--rounds', 7)
/** Upstream reads carry a few events each, as they do over a real socket. */
const EVENTS_PER_CHUNK = 4

const encoder = new TextEncoder()

function openaiStream(): string[] {
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-b', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
  const events = [chunk({ role: 'assistant', content: '' }, null)]
  for (let i = 0; i < EVENTS; i++) events.push(chunk({ content: 'token ' }, null))
  events.push(chunk({}, 'stop'))
  events.push(`data: ${JSON.stringify({ id: 'chatcmpl-b', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [], usage: { prompt_tokens: 10, completion_tokens: EVENTS, total_tokens: 10 + EVENTS } })}\n\n`, 'data: [DONE]\n\n')
  return events
}

function anthropicStream(): string[] {
  const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`
  const events = [
    event('message_start', { message: { id: 'msg_b', type: 'message', role: 'assistant', model: 'claude', content: [], stop_reason: null, usage: { input_tokens: 10, output_tokens: 1 } } }),
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  ]
  for (let i = 0; i < EVENTS; i++) events.push(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'token ' } }))
  events.push(event('content_block_stop', { index: 0 }), event('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: EVENTS } }), event('message_stop', {}))
  return events
}

function chunksOf(events: string[]): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let i = 0; i < events.length; i += EVENTS_PER_CHUNK) chunks.push(encoder.encode(events.slice(i, i + EVENTS_PER_CHUNK).join('')))
  return chunks
}

async function* relay(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks
}

function newDraft(): RequestLogDraft {
  return new RequestLogDraft({ record: () => {} }, { requestId: 'bench', method: 'POST', path: '/v1/chat/completions' })
}

/** CPU µs of this process for `STREAMS` streams, with or without the usage reader. */
async function run(chunks: Uint8Array[], codec: ProtocolCodec | undefined): Promise<number> {
  const before = process.cpuUsage()
  for (let i = 0; i < STREAMS; i++) {
    const draft = newDraft()
    const stream = codec === undefined ? relay(chunks) : observeStreamUsage(relay(chunks), codec, draft)
    for await (const chunk of stream) if (chunk.byteLength === 0) throw new Error('empty chunk')
    if (codec !== undefined && draft.row.usage === undefined) throw new Error(`${codec.id}: no usage read`)
  }
  const used = process.cpuUsage(before)
  return used.user + used.system
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

for (const [codec, events] of [[openaiCodec, openaiStream()], [anthropicCodec, anthropicStream()]] as const) {
  const chunks = chunksOf(events)
  const perEvent = STREAMS * events.length
  const plain: number[] = []
  const observed: number[] = []
  await run(chunks, codec)
  for (let round = 0; round < ROUNDS; round++) {
    plain.push((await run(chunks, undefined)) / perEvent)
    observed.push((await run(chunks, codec)) / perEvent)
  }
  const base = median(plain)
  const withUsage = median(observed)
  console.log(
    `${codec.id.padEnd(10)} relay ${base.toFixed(3)} µs/event   relay + usage reader ${withUsage.toFixed(3)} µs/event   ` +
      `added ${(withUsage - base).toFixed(3)} µs/event (${(withUsage / base).toFixed(2)}× the bare relay; ${events.length} events, ${ROUNDS} rounds)`,
  )
}
