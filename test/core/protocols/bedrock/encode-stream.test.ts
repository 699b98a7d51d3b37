import { describe, expect, test } from 'bun:test'
import { EventStreamDecoder, stringHeader } from '../../../../src/core/framing/aws-event-stream.ts'
import { BridgeError } from '../../../../src/core/errors.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { decodeBedrockStream } from '../../../../src/core/protocols/bedrock/decode-stream.ts'
import { encodeBedrockStream } from '../../../../src/core/protocols/bedrock/encode-stream.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { batchesOf, bytesOf, decodeEvents, encodeContext, fixtureBytes, streamFixtures, toArray } from './support.ts'

async function encodeChunks(...batches: StreamEvent[][]): Promise<Uint8Array[]> {
  return (await toArray(encodeBedrockStream(batchesOf(...batches), encodeContext()))) as Uint8Array[]
}

function frames(chunks: Uint8Array[]): Array<{ type: string | undefined; payload: Record<string, unknown> }> {
  const decoder = new EventStreamDecoder()
  return chunks.flatMap((chunk) => decoder.push(chunk)).map((message) => ({
    type: stringHeader(message, ':event-type') ?? stringHeader(message, ':exception-type'),
    payload: JSON.parse(new TextDecoder().decode(message.payload)) as Record<string, unknown>,
  }))
}

/** Events compared across a round trip: ids and models are not on the Bedrock wire. */
const comparable = (events: StreamEvent[]) => events.map((event) => (event.type === 'response-start' ? { type: event.type } : event))

describe('encode-stream (canonical → ConverseStream frames)', () => {
  for (const name of streamFixtures()) {
    test(`${name}: decode → encode → decode gives the same events`, async () => {
      const decoded = await decodeEvents(fixtureBytes(name))
      const chunks = await encodeChunks(decoded)
      const again = (await toArray(decodeBedrockStream(bytesOf(...chunks)))).flat()
      expect(findStreamViolations(again)).toEqual([])
      expect(comparable(again)).toEqual(comparable(decoded))
    })
  }

  test('one chunk per batch, whole frames only, and nothing after the terminal event', async () => {
    const chunks = await encodeChunks(
      [{ type: 'response-start', id: 'a', model: 'm' }, { type: 'text-start', index: 0 }],
      [{ type: 'text-delta', index: 0, text: 'Hi' }],
      [{ type: 'text-end', index: 0 }, { type: 'response-end', finishReason: { kind: 'stop' } }, { type: 'text-start', index: 1 }],
      [{ type: 'text-start', index: 2 }],
    )
    expect(chunks).toHaveLength(3)
    for (const chunk of chunks) {
      // Each chunk alone holds whole frames: nothing is left over at its end.
      const decoder = new EventStreamDecoder()
      expect(decoder.push(chunk).length).toBeGreaterThan(0)
      expect(() => decoder.end()).not.toThrow()
    }
    expect(frames(chunks).map((frame) => frame.type)).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'])
  })

  test('a tool call with no arguments streams "{}" and only tool blocks get contentBlockStart', async () => {
    const out = frames(await encodeChunks([
      { type: 'response-start', id: 'a', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'call.1', name: 'now' },
      { type: 'tool-call-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'stop' } },
    ]))
    expect(out.slice(1, 4)).toEqual([
      { type: 'contentBlockStart', payload: { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'call_1', name: 'now' } } } },
      { type: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { toolUse: { input: '{}' } } } },
      { type: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
    ])
    // A tool call with a plain "stop" from another protocol still says tool_use.
    expect(out[4]).toEqual({ type: 'messageStop', payload: { stopReason: 'tool_use' } })
  })

  test('interleaved parallel tool calls keep their own block indices', async () => {
    const out = frames(await encodeChunks([
      { type: 'response-start', id: 'a', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"y":2}' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"x":1}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'tool-call-end', index: 1 },
      { type: 'response-end', finishReason: { kind: 'tool-calls' } },
    ]))
    const deltas = out.filter((frame) => frame.type === 'contentBlockDelta').map((frame) => frame.payload)
    expect(deltas).toEqual([
      { contentBlockIndex: 1, delta: { toolUse: { input: '{"y":2}' } } },
      { contentBlockIndex: 0, delta: { toolUse: { input: '{"x":1}' } } },
    ])
  })

  test('redacted reasoning, a matched stop sequence and usage after messageStop', async () => {
    const out = frames(await encodeChunks([
      { type: 'response-start', id: 'a', model: 'm', usage: { inputTokens: 9 } },
      { type: 'reasoning-start', index: 0, redactedData: 'AAEC' },
      { type: 'reasoning-end', index: 0 },
      { type: 'usage', usage: { outputTokens: 4 } },
      { type: 'response-end', finishReason: { kind: 'stop-sequence', stopSequence: 'END' } },
    ]))
    expect(out.map((frame) => frame.payload)).toEqual([
      { role: 'assistant' },
      { contentBlockIndex: 0, delta: { reasoningContent: { redactedContent: 'AAEC' } } },
      { contentBlockIndex: 0 },
      { stopReason: 'stop_sequence', additionalModelResponseFields: { delta: { stop_sequence: 'END' } } },
      { usage: { inputTokens: 9, outputTokens: 4, totalTokens: 13 }, metrics: { latencyMs: 0 } },
    ])
  })

  test('an error becomes an exception frame that decodes back to the same kind', async () => {
    const error = new BridgeError({ kind: 'context-length', code: 'UPSTREAM_ERROR', status: 400, message: '210000 tokens > 200000 maximum' })
    const chunks = await encodeChunks([{ type: 'response-start', id: 'a', model: 'm' }, { type: 'error', error }])
    const decoder = new EventStreamDecoder()
    const last = chunks.flatMap((chunk) => decoder.push(chunk)).at(-1)!
    expect(stringHeader(last, ':message-type')).toBe('exception')
    expect(stringHeader(last, ':exception-type')).toBe('validationException')
    const again = (await toArray(decodeBedrockStream(bytesOf(...chunks)))).flat()
    expect(again.at(-1)).toMatchObject({ type: 'error', error: { kind: 'context-length', message: 'prompt is too long: 210000 tokens > 200000 maximum' } })
  })
})
