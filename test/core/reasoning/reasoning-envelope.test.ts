import { describe, expect, test } from 'bun:test'
import type { ChatRequest, ProtocolId, StreamEvent } from '../../../src/core/model/index.ts'
import { WarningSink } from '../../../src/core/model/index.ts'
import { decodeAnthropicRequest } from '../../../src/core/protocols/anthropic/decode-request.ts'
import {
  deriveReasoningKey, openReasoningEnvelopes, openReasoningSignature, ReasoningSealer, sealReasoningSignature,
} from '../../../src/core/reasoning/index.ts'
import { collectEvents, collectStream } from '../../../src/core/stream/collect-stream.ts'
import { findStreamViolations } from '../../../src/core/stream/check-stream.ts'
import { toAsync } from '../../../src/core/stream/response-to-events.ts'

const key = await deriveReasoningKey(new Uint8Array(32).fill(7))
const otherKey = await deriveReasoningKey(new Uint8Array(32).fill(8))

async function toArray<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

describe('reasoning signature envelope', () => {
  test('round trip restores origin and the inner signature', async () => {
    const sealed = await sealReasoningSignature(key, { origin: 'openai', text: 'thoughts', signature: 'or-sig' })
    expect(sealed.startsWith('lbr1.')).toBe(true)
    expect(await openReasoningSignature(key, sealed, 'thoughts')).toEqual({ origin: 'openai', signature: 'or-sig' })
    const bare = await sealReasoningSignature(key, { origin: 'gemini', text: '' })
    expect(await openReasoningSignature(key, bare, '')).toEqual({ origin: 'gemini' })
  })

  test('a tampered envelope is rejected', async () => {
    const sealed = await sealReasoningSignature(key, { origin: 'openai', text: 't' })
    const [prefix, payload, tag] = sealed.split('.') as [string, string, string]
    const flipped = payload.slice(0, 3) + (payload[3] === 'A' ? 'B' : 'A') + payload.slice(4)
    expect(await openReasoningSignature(key, `${prefix}.${flipped}.${tag}`, 't')).toBeUndefined()
    expect(await openReasoningSignature(key, `${prefix}.${payload}.${tag.slice(0, -2)}`, 't')).toBeUndefined()
    expect(await openReasoningSignature(otherKey, sealed, 't')).toBeUndefined()
    expect(await openReasoningSignature(key, 'lbr1.garbage', 't')).toBeUndefined()
  })

  test('the envelope does not verify with a different text', async () => {
    const sealed = await sealReasoningSignature(key, { origin: 'openai', text: 'original thoughts' })
    expect(await openReasoningSignature(key, sealed, 'edited thoughts')).toBeUndefined()
  })
})

describe('ReasoningSealer (another protocol\'s upstream → a client)', () => {
  const upstream: StreamEvent[] = [
    { type: 'response-start', id: 'r', model: 'deepseek' },
    { type: 'reasoning-start', index: 0 },
    { type: 'reasoning-delta', index: 0, text: 'step 1; ' },
    { type: 'reasoning-delta', index: 0, text: 'step 2' },
    { type: 'reasoning-signature', index: 0, signature: 'upstream-' },
    { type: 'reasoning-signature', index: 0, signature: 'sig' },
    { type: 'reasoning-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'answer' },
    { type: 'text-end', index: 1 },
    { type: 'response-end', finishReason: { kind: 'stop' } },
  ]

  test('each reasoning block ends with one envelope holding the upstream signature', async () => {
    const events = await sealAll(upstream, 'openai')
    expect(findStreamViolations(events)).toEqual([])
    const signatures = events.filter((event) => event.type === 'reasoning-signature')
    expect(signatures).toHaveLength(1)
    const response = await collectStream(toAsync(events))
    const reasoning = response.content[0]!
    expect(reasoning.type === 'reasoning' && (await openReasoningSignature(key, reasoning.signature!, reasoning.text))).toEqual({ origin: 'openai', signature: 'upstream-sig' })
  })

  test('foreign redacted data is wrapped too', async () => {
    const events = await sealAll([
      { type: 'response-start', id: 'r', model: 'm' },
      { type: 'reasoning-start', index: 0, redactedData: 'encrypted-blob' },
      { type: 'reasoning-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'stop' } },
    ], 'openai-responses')
    const start = events[1] as Extract<StreamEvent, { type: 'reasoning-start' }>
    expect(start.redactedData?.startsWith('lbr1.')).toBe(true)
  })
})

describe('openReasoningEnvelopes (Anthropic client → any upstream)', () => {
  async function clientRequestWith(blocks: unknown[]): Promise<ChatRequest> {
    const wire = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [...blocks, { type: 'text', text: 'a' }] }] }
    return decodeAnthropicRequest(wire, { group: 'chat' }, new WarningSink())
  }

  test('the next turn gets back the reasoning as the upstream sent it', async () => {
    const signature = await sealReasoningSignature(key, { origin: 'openai', text: 'deep thoughts', signature: 'or-sig' })
    const redacted = await sealReasoningSignature(key, { origin: 'openai-responses', text: '', signature: 'enc-blob' })
    const request = await clientRequestWith([
      { type: 'thinking', thinking: 'deep thoughts', signature },
      { type: 'redacted_thinking', data: redacted },
      { type: 'thinking', thinking: 'claude thoughts', signature: 'EqQBgenuine' },
    ])
    const opened = await openReasoningEnvelopes(request, key)
    expect(opened.messages[1]!.content.slice(0, 3)).toEqual([
      { type: 'reasoning', text: 'deep thoughts', signature: 'or-sig', origin: 'openai' },
      { type: 'reasoning', text: '', redactedData: 'enc-blob', origin: 'openai-responses' },
      { type: 'reasoning', text: 'claude thoughts', signature: 'EqQBgenuine', origin: 'anthropic' },
    ])
  })

  test('a token its decoder did not claim gets no origin: the bridge never guesses whose it is', async () => {
    const request: ChatRequest = {
      model: 'm', system: [], tools: [], stream: false,
      messages: [{ role: 'assistant', content: [{ type: 'reasoning', text: 't', signature: 'someone-elses-token' }] }],
    }
    const opened = await openReasoningEnvelopes(request, key)
    expect(opened.messages[0]!.content).toEqual([{ type: 'reasoning', text: 't', signature: 'someone-elses-token' }])
  })

  test('an edited or forged envelope is dropped, nothing is forwarded', async () => {
    const signature = await sealReasoningSignature(key, { origin: 'openai', text: 'deep thoughts' })
    const request = await clientRequestWith([
      { type: 'thinking', thinking: 'EDITED thoughts', signature },
      { type: 'thinking', thinking: 'x', signature: 'lbr1.forged.tag' },
    ])
    const opened = await openReasoningEnvelopes(request, key)
    expect(opened.messages[1]!.content).toEqual([{ type: 'text', text: 'a' }])
  })
})

/** Every event through one stream's sealer, as the proxy's batched path calls it. */
async function sealAll(events: StreamEvent[], origin: ProtocolId): Promise<StreamEvent[]> {
  const sealer = new ReasoningSealer(key, origin)
  const out: StreamEvent[] = []
  for (const event of events) out.push(...(ReasoningSealer.touches(event) ? await sealer.seal(event) : [event]))
  return out
}

describe("a tool call's own token (Gemini's thoughtSignature on a functionCall)", () => {
  const call = (index: number, id: string, signature?: string): StreamEvent[] => [
    { type: 'tool-call-start', index, id, name: 'get_weather' },
    { type: 'tool-call-delta', index, argumentsDelta: '{"city":"Oslo"}' },
    signature === undefined ? { type: 'tool-call-end', index } : { type: 'tool-call-end', index, signature },
  ]
  const opened = async (events: StreamEvent[]) => {
    const sealed = await new ReasoningSealer(key, 'gemini').sealBatch(events)
    const response = collectEvents([{ type: 'response-start', id: 'r', model: 'm' }, ...sealed, { type: 'response-end', finishReason: { kind: 'tool-calls' } }])
    const request: ChatRequest = { model: 'm', system: [], messages: [{ role: 'assistant', content: response.content }], tools: [], stream: false }
    return { sealed, content: (await openReasoningEnvelopes(request, key)).messages[0]?.content ?? [] }
  }

  test('rides in the envelope of the thoughts before it and goes back on the call, never raw to the client', async () => {
    const events: StreamEvent[] = [{ type: 'reasoning-start', index: 0 }, { type: 'reasoning-delta', index: 0, text: 'Checking.' }, { type: 'reasoning-end', index: 0 }, ...call(1, 'call_1', 'sig-A')]
    const { sealed, content } = await opened(events)
    expect(JSON.stringify(sealed)).not.toContain('sig-A')
    expect(sealed.filter((event) => event.type === 'reasoning-start')).toHaveLength(1)
    expect(content).toEqual([
      { type: 'reasoning', text: 'Checking.', origin: 'gemini' },
      { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}', signature: 'sig-A' },
    ])
  })

  test('without thoughts, a signature-only block right before the call carries it', async () => {
    const { sealed, content } = await opened([...call(0, 'call_1', 'sig-A'), ...call(1, 'call_2')])
    expect(sealed.map((event) => event.type).slice(0, 4)).toEqual(['reasoning-start', 'reasoning-signature', 'reasoning-end', 'tool-call-start'])
    expect(JSON.stringify(sealed)).not.toContain('sig-A')
    expect(content.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}', signature: 'sig-A' },
      { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city":"Oslo"}' },
    ])
  })
})

describe("a tool call's token arriving in a later batch than the call (streamed arguments)", () => {
  test('follows the call in a signature-only block and still opens back onto it', async () => {
    const sealer = new ReasoningSealer(key, 'gemini')
    const first = await sealer.sealBatch([{ type: 'tool-call-start', index: 0, id: 'call_1', name: 'get_weather' }, { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' }])
    const second = await sealer.sealBatch([{ type: 'tool-call-delta', index: 0, argumentsDelta: '"Oslo"}' }, { type: 'tool-call-end', index: 0, signature: 'sig-late' }])
    expect(JSON.stringify(second)).not.toContain('sig-late')
    const response = collectEvents([{ type: 'response-start', id: 'r', model: 'm' }, ...first, ...second, { type: 'response-end', finishReason: { kind: 'tool-calls' } }])
    const request: ChatRequest = { model: 'm', system: [], messages: [{ role: 'assistant', content: response.content }], tools: [], stream: false }
    const content = (await openReasoningEnvelopes(request, key)).messages[0]?.content ?? []
    expect(content.find((part) => part.type === 'tool-call')).toEqual({ type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}', signature: 'sig-late' })
  })
})
