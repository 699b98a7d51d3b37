import { describe, expect, test } from 'bun:test'
import { encodeEventStreamMessage } from '../../../../src/core/framing/aws-event-stream.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { decodeBedrockStream } from '../../../../src/core/protocols/bedrock/decode-stream.ts'
import { collectEvents } from '../../../../src/core/stream/collect-stream.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { bytesOf, concat, decodeEvents, eventFrame, exceptionFrame, fixtureBytes, streamFixtures, toArray } from './support.ts'

const errorOf = (events: StreamEvent[]) => {
  const last = events.at(-1)
  return last?.type === 'error' ? last.error : undefined
}

describe('decode-stream: every recorded stream', () => {
  for (const name of streamFixtures()) {
    test(`${name} keeps the stream invariants and ends with response-end`, async () => {
      const events = await decodeEvents(fixtureBytes(name))
      expect(findStreamViolations(events)).toEqual([])
      expect(events.at(-1)?.type).toBe('response-end')
    })
  }

  test('text without contentBlockStart opens a text block; usage comes from metadata after messageStop', async () => {
    const response = collectEvents(await decodeEvents(fixtureBytes('bedrock-claude-text.chunks.txt')))
    expect(response.content).toEqual([{ type: 'text', text: 'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."' }])
    expect(response.finishReason).toEqual({ kind: 'stop', raw: 'end_turn', protocol: 'bedrock' })
    expect(response.usage).toEqual({ inputTokens: 22, outputTokens: 55 })
  })

  test('reasoning deltas, an empty delta and a signature delta make one signed reasoning part', async () => {
    const events = await decodeEvents(fixtureBytes('bedrock-claude-reasoning-signature.chunks.txt'))
    const signatures = events.filter((event) => event.type === 'reasoning-signature')
    expect(signatures).toHaveLength(1)
    const [reasoning, text] = collectEvents(events).content
    expect(reasoning).toMatchObject({ type: 'reasoning', text: expect.stringContaining('So there are 3 r\'s.') })
    expect((reasoning as { signature?: string }).signature).toStartWith('Ep0CCkgICxAB')
    expect(text).toMatchObject({ type: 'text', text: expect.stringMatching(/^There are \*\*3\*\*/) })
    expect(events.some((event) => event.type === 'reasoning-delta' && event.text === '')).toBe(false)
  })

  test('two tool calls from the binary recording keep their ids, names and "{}" input', async () => {
    const response = collectEvents(await decodeEvents(fixtureBytes('bedrock-nova-two-tool-calls.eventstream')))
    const calls = response.content.filter((part) => part.type === 'tool-call')
    expect(calls).toHaveLength(2)
    for (const call of calls) expect(call).toMatchObject({ id: expect.stringMatching(/./), name: expect.stringMatching(/./), arguments: '{}' })
    expect(response.finishReason.kind).toBe('tool-calls')
    expect(response.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('<thinking>') })
  })

  test('one batch per upstream chunk, never an empty one', async () => {
    const bytes = fixtureBytes('bedrock-nova-text.eventstream')
    const batches = await toArray(decodeBedrockStream(bytesOf(bytes.subarray(0, 5), bytes.subarray(5, 400), bytes.subarray(400))))
    expect(batches.every((batch) => batch.length > 0)).toBe(true)
    expect(batches.length).toBeLessThanOrEqual(3)
  })

  test('frames split at every byte position give identical events', async () => {
    const bytes = fixtureBytes('bedrock-nova-text.eventstream')
    const whole = await decodeEvents(bytes)
    for (let cut = 1; cut < bytes.length; cut++) expect(await decodeEvents(bytes.subarray(0, cut), bytes.subarray(cut))).toEqual(whole)
  })
})

describe('decode-stream: errors end the stream with an error event', () => {
  const start = eventFrame('messageStart', { role: 'assistant' })
  const hello = eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hel' } })

  test.each([
    ['throttlingException', 'rate-limit', true],
    ['validationException', 'invalid-request', false],
    ['modelStreamErrorException', 'upstream', true],
    ['serviceUnavailableException', 'overloaded', true],
    ['internalServerException', 'upstream', true],
  ] as const)('%s mid-stream becomes a %s error', async (exception, kind, retryable) => {
    const events = await decodeEvents(start, hello, exceptionFrame(exception, { message: 'Too many tokens, please wait' }))
    const error = errorOf(events)
    expect(error).toMatchObject({ kind, retryable, message: 'Too many tokens, please wait' })
    expect(events.slice(0, 3).map((event) => event.type)).toEqual(['response-start', 'text-start', 'text-delta'])
  })

  test('a context overflow in a validationException is a context-length error', async () => {
    const events = await decodeEvents(start, exceptionFrame('validationException', { message: 'Input is too long for requested model.' }))
    expect(errorOf(events)?.kind).toBe('context-length')
  })

  test('an unmodeled error frame (:message-type error) carries its code and message headers', async () => {
    const frame = encodeEventStreamMessage({ ':message-type': 'error', ':error-code': 'ThrottlingException', ':error-message': 'slow down' }, new Uint8Array())
    expect(errorOf(await decodeEvents(start, frame))).toMatchObject({ kind: 'rate-limit', message: 'slow down' })
  })

  test('a prelude CRC failure is an error event, after the events already decoded', async () => {
    const bad = hello.slice()
    bad[1] = bad[1]! ^ 0xff
    const events = await decodeEvents(start, bad)
    expect(events.map((event) => event.type)).toEqual(['response-start', 'error'])
    // The same with both frames in one chunk: the good frame before the bad one still counts.
    expect(await decodeEvents(concat([start, hello, bad]))).toEqual([...(await decodeEvents(start, hello)).slice(0, 3), events[1]!])
    expect(errorOf(events)?.message).toContain('prelude CRC')
  })

  test('a message CRC failure is an error event', async () => {
    const bad = hello.slice()
    bad[bad.length - 10] = bad[bad.length - 10]! ^ 0x01
    expect(errorOf(await decodeEvents(concat([start, bad])))?.message).toContain('message CRC')
  })

  test('a payload that is not JSON is an error event', async () => {
    const frame = encodeEventStreamMessage({ ':event-type': 'contentBlockDelta', ':message-type': 'event' }, new TextEncoder().encode('{nope'))
    expect(errorOf(await decodeEvents(start, frame))?.message).toContain('not JSON')
  })

  test('a body that ends before messageStop is an error; after messageStop it is a normal end', async () => {
    expect(errorOf(await decodeEvents(start, hello))?.message).toContain('before messageStop')
    const events = await decodeEvents(start, hello, eventFrame('messageStop', { stopReason: 'max_tokens' }))
    expect(findStreamViolations(events)).toEqual([])
    expect(events.at(-1)).toEqual({ type: 'response-end', finishReason: { kind: 'length', raw: 'max_tokens', protocol: 'bedrock' } })
  })

  test('a body cut inside a frame is an error', async () => {
    const events = await decodeEvents(start, hello.subarray(0, 20))
    expect(errorOf(events)?.message).toContain('ended inside a frame')
  })
})

describe('decode-stream: block shapes', () => {
  const start = eventFrame('messageStart', { role: 'assistant' })
  const end = [eventFrame('messageStop', { stopReason: 'end_turn' }), eventFrame('metadata', { usage: { inputTokens: 3, outputTokens: 4, totalTokens: 10, cacheReadInputTokens: 2, cacheWriteInputTokens: 1 }, metrics: { latencyMs: 9 } })]

  test('cache reads and writes are added into input tokens', async () => {
    const events = await decodeEvents(start, ...end)
    expect(events.find((event) => event.type === 'usage')).toEqual({ type: 'usage', usage: { inputTokens: 6, outputTokens: 4, cacheReadTokens: 2, cacheWriteTokens: 1 } })
  })

  test('redacted reasoning opens a reasoning block with its data; origin is not guessed on events', async () => {
    const events = await decodeEvents(start, eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { redactedContent: 'AAEC' } } }), eventFrame('contentBlockStop', { contentBlockIndex: 0 }), ...end)
    expect(events[1]).toEqual({ type: 'reasoning-start', index: 0, redactedData: 'AAEC' })
    expect(findStreamViolations(events)).toEqual([])
  })

  test('server tool use and tool result blocks take no canonical index', async () => {
    const events = await decodeEvents(
      start,
      eventFrame('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'srv', name: 'web', type: 'server_tool_use' } } }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '{"q":1}' } } }),
      eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'done' } }),
      eventFrame('contentBlockStop', { contentBlockIndex: 1 }),
      ...end,
    )
    expect(events.filter((event) => 'index' in event).map((event) => [event.type, 'index' in event ? event.index : -1])).toEqual([
      ['text-start', 0], ['text-delta', 0], ['text-end', 0],
    ])
  })

  test('a matched stop sequence comes from additionalModelResponseFields', async () => {
    const events = await decodeEvents(start, eventFrame('messageStop', { stopReason: 'stop_sequence', additionalModelResponseFields: { delta: { stop_sequence: 'END' } } }), end[1]!)
    expect(events.at(-1)).toEqual({ type: 'response-end', finishReason: { kind: 'stop-sequence', raw: 'stop_sequence', protocol: 'bedrock', stopSequence: 'END' } })
  })

  test('guardrail_intervened is a content filter', async () => {
    const events = await decodeEvents(start, eventFrame('messageStop', { stopReason: 'guardrail_intervened' }), end[1]!)
    expect(events.at(-1)).toMatchObject({ finishReason: { kind: 'content-filter', raw: 'guardrail_intervened' } })
  })
})
