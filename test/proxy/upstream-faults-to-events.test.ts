import { afterEach, describe, expect, test } from 'bun:test'
import type { StreamEvent } from '../../src/core/model/index.ts'
import { decodeOpenaiStream } from '../../src/core/protocols/openai/decode-stream.ts'
import { translateEventBatches } from '../../src/proxy/translate-event-batches.ts'
import { readUpstreamBody } from '../../src/proxy-guards/read-upstream-body.ts'
import { callUpstream } from '../../src/upstream/call-upstream.ts'
import { testPipelineContext } from '../support/pipeline-context.ts'
import { MALFORMED_JSON_EVENT, sse, startFaultUpstream, type FaultReply, type FaultUpstream } from '../support/fault-upstream.ts'

let upstream: FaultUpstream | undefined
afterEach(() => upstream?.stop())

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  sse({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })
const hello = [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' })]

/** The translation path up to the encoder: call, body limits, decode, terminal guard. */
async function events(reply: FaultReply, idleMs = 5000): Promise<StreamEvent[]> {
  upstream = startFaultUpstream([reply])
  const { response } = await callUpstream({ url: `${upstream.url}/v1/chat/completions`, method: 'POST', headers: new Headers(), body: '{}', signal: new AbortController().signal })
  if (response.body === null) throw new Error('no body')
  const out: StreamEvent[] = []
  const decoded = decodeOpenaiStream(readUpstreamBody(response.body, { firstByteMs: 5000, idleMs, maxBytes: 0 }))
  for await (const batch of translateEventBatches(decoded, { context: testPipelineContext(), sealOrigin: undefined })) out.push(...batch)
  return out
}

const texts = (list: StreamEvent[]): string => list.map((event) => (event.type === 'text-delta' ? event.text : '')).join('')

describe('upstream faults mid-stream become one canonical error event', () => {
  test('a drop after some events: what arrived, then an error, no response-end', async () => {
    const list = await events({ events: [...hello, chunk({}, 'stop')], dropAfterEvents: 3 })
    expect(texts(list)).toBe('Hello')
    expect(list.at(-1)?.type).toBe('error')
    expect(list.some((event) => event.type === 'response-end')).toBe(false)
  })

  test('malformed JSON mid-stream: what arrived, then an error', async () => {
    const list = await events({ events: [...hello, MALFORMED_JSON_EVENT, chunk({}, 'stop')] })
    expect(texts(list)).toBe('Hello')
    expect(list.at(-1)?.type).toBe('error')
  })

  test('silence mid-stream past idleMs: what arrived, then an error, upstream released', async () => {
    const list = await events({ events: hello, hang: true }, 50)
    expect(texts(list)).toBe('Hello')
    expect(list.at(-1)?.type).toBe('error')
    const released = await Promise.race([upstream?.requests[0]?.aborted.then(() => true), Bun.sleep(1000).then(() => false)])
    expect(released).toBe(true)
  })
})
