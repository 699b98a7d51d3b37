/**
 * Reasoning from another upstream reaches a Responses client sealed (the bridge's envelope in
 * `encrypted_content`); when the client sends the item back, the envelope stage restores the
 * upstream's own signature and origin, and a tampered summary is not forwarded.
 */
import { describe, expect, test } from 'bun:test'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeOpenaiResponsesRequest } from '../../../../src/core/protocols/openai-responses/decode-request.ts'
import { encodeOpenaiResponsesStream } from '../../../../src/core/protocols/openai-responses/encode-stream.ts'
import { deriveReasoningKey, openReasoningEnvelopes, ReasoningSealer } from '../../../../src/core/reasoning/index.ts'
import { splitSseText } from '../../../../src/core/stream/grammar-check.ts'
import { collect, encodeContext } from './support.ts'

const claudeThinking: StreamEvent[] = [
  { type: 'response-start', id: 'msg_1', model: 'claude' },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Think ' },
  { type: 'reasoning-delta', index: 0, text: 'first.' },
  { type: 'reasoning-signature', index: 0, signature: 'EqQBanthropic' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Done.' },
  { type: 'text-end', index: 1 },
  { type: 'response-end', finishReason: { kind: 'stop' } },
]

/** The proxy's sealing stage, event by event (an Anthropic upstream is foreign to a Responses client). */
async function* sealed(events: StreamEvent[], key: CryptoKey): AsyncGenerator<StreamEvent[]> {
  const sealer = new ReasoningSealer(key, 'anthropic')
  for (const event of events) yield ReasoningSealer.touches(event) ? await sealer.seal(event) : [event]
}

describe('foreign reasoning through a Responses client', () => {
  test('goes out sealed in encrypted_content and comes back as the upstream signature', async () => {
    const key = await deriveReasoningKey(new Uint8Array(32).fill(7))
    const wire = (await collect(encodeOpenaiResponsesStream(sealed(claudeThinking, key), encodeContext()))).join('')
    const done = splitSseText(wire)
      .map((frame) => JSON.parse(frame.data) as { type: string; item?: Record<string, unknown> })
      .filter((payload) => payload.type === 'response.output_item.done' && payload.item?.type === 'reasoning')
    expect(done).toHaveLength(1)
    const item = done[0]!.item!
    expect(String(item.encrypted_content).startsWith('lbr1.')).toBe(true)
    expect(item.summary).toEqual([{ type: 'summary_text', text: 'Think first.' }])

    const echo = (summary: unknown) => ({ model: 'm', input: [{ role: 'user', content: 'q' }, { ...item, summary }, { type: 'message', role: 'assistant', content: 'Done.' }, { role: 'user', content: 'next' }] })
    const opened = await openReasoningEnvelopes(decodeOpenaiResponsesRequest(echo(item.summary), { group: 'chat' }, new WarningSink()), key)
    expect(opened.messages[1]?.content[0]).toEqual({ type: 'reasoning', text: 'Think first.', signature: 'EqQBanthropic', origin: 'anthropic' })

    const tampered = await openReasoningEnvelopes(decodeOpenaiResponsesRequest(echo([{ type: 'summary_text', text: 'Edited.' }]), { group: 'chat' }, new WarningSink()), key)
    expect(tampered.messages[1]?.content.map((part) => part.type)).toEqual(['text'])
  })
})
