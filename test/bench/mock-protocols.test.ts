/**
 * The bench mock's answers in the protocols added with five codecs are what those codecs read: a
 * stream decodes to exactly `events` text deltas of `deltaChars` each and a stop, a whole answer
 * to `responseBytes` of text, so each route's bench figures measure the traffic the knobs promise.
 */
import { describe, expect, test } from 'bun:test'
import { findCodec } from '../../src/core/protocols/index.ts'
import type { ProtocolId } from '../../src/core/model/index.ts'
import type { StreamEvent } from '../../src/core/model/stream-event.ts'
import { bedrockBurst, bedrockJson } from '../../scripts/bench/mock-bedrock.ts'
import { geminiEvents, geminiJson } from '../../scripts/bench/mock-gemini.ts'
import type { Knobs } from '../../scripts/bench/mock-knobs.ts'
import { responsesEvents, responsesJson } from '../../scripts/bench/mock-responses.ts'

const knobs: Knobs = { responseBytes: 300, events: 7, deltaChars: 5, ttftMs: 0, gapMs: 0 }
const encoder = new TextEncoder()

const MOCKS: Array<{ protocol: ProtocolId; stream: () => Uint8Array; json: () => unknown }> = [
  { protocol: 'openai-responses', stream: () => encoder.encode([...responsesEvents('bench-model', knobs)].join('')), json: () => responsesJson('bench-model', knobs) },
  { protocol: 'gemini', stream: () => encoder.encode([...geminiEvents('bench-model', knobs)].join('')), json: () => geminiJson('bench-model', knobs) },
  { protocol: 'bedrock', stream: () => bedrockBurst(knobs), json: () => bedrockJson(knobs) },
]

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes
}

async function decodeAll(protocol: ProtocolId, bytes: Uint8Array): Promise<StreamEvent[]> {
  const events: StreamEvent[] = []
  for await (const batch of findCodec(protocol)!.decodeStream(once(bytes))) events.push(...batch)
  return events
}

describe('bench mock upstream', () => {
  for (const mock of MOCKS) {
    test(`${mock.protocol} stream decodes to one text delta per event and a stop`, async () => {
      const events = await decodeAll(mock.protocol, mock.stream())
      const deltas = events.filter((event) => event.type === 'text-delta')
      expect(deltas).toHaveLength(knobs.events)
      expect(deltas.every((event) => event.type === 'text-delta' && event.text.length === knobs.deltaChars)).toBe(true)
      expect(events.filter((event) => event.type === 'error')).toEqual([])
      const end = events.at(-1)
      expect(end?.type === 'response-end' ? end.finishReason.kind : end?.type).toBe('stop')
    })

    test(`${mock.protocol} whole answer decodes to responseBytes of text`, () => {
      const response = findCodec(mock.protocol)!.decodeResponse(mock.json())
      const text = response.content.map((part) => (part.type === 'text' ? part.text : '')).join('')
      expect(text).toHaveLength(knobs.responseBytes)
      expect(response.finishReason.kind).toBe('stop')
    })
  }
})
