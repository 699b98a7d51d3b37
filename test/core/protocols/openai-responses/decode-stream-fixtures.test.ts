/**
 * Every recorded Responses stream through the decoder, under several chunkings: the canonical
 * invariants hold, the same events come out however the bytes are split, and the collected answer
 * equals what the stream's own terminal event says the response was.
 */
import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import type { AssistantPart, StreamEvent } from '../../../../src/core/model/index.ts'
import { decodeOpenaiResponsesResponse } from '../../../../src/core/protocols/openai-responses/decode-response.ts'
import { decodeOpenaiResponsesStream } from '../../../../src/core/protocols/openai-responses/decode-stream.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { collectEvents } from '../../../../src/core/stream/collect-stream.ts'
import { bytesOf, collect, fixtureStreams, payloadsOf, streamFixtureNames } from './support.ts'

const SPLITS: number[][] = [[], [1], [7, 3], [97]]

async function decodeAll(wire: string, split: number[] = []): Promise<StreamEvent[]> {
  return (await collect(decodeOpenaiResponsesStream(bytesOf(wire, split)))).flat()
}

const streams = streamFixtureNames().flatMap(fixtureStreams)

describe('decode-stream over every recorded fixture', () => {
  for (const { name, wire } of streams) {
    test(`${name}: invariants hold and every chunking gives the same events`, async () => {
      const reference = await decodeAll(wire)
      expect(findStreamViolations(reference)).toEqual([])
      for (const split of SPLITS.slice(1)) {
        const events = await decodeAll(wire, split)
        expect(findStreamViolations(events)).toEqual([])
        expect(stripIds(events)).toEqual(stripIds(reference))
      }
    })

    test(`${name}: the collected answer matches the terminal event's response`, async () => {
      const events = await decodeAll(wire)
      const terminal = payloadsOf(wire).find((payload) => payload.type === 'response.completed' || payload.type === 'response.incomplete')
      if (terminal === undefined) {
        expect(events.at(-1)?.type).toBe('error')
        return
      }
      const streamed = collectEvents(events)
      const whole = decodeOpenaiResponsesResponse(terminal.response)
      expect(withoutTokens(streamed.content)).toEqual(withoutTokens(whole.content))
      expect(streamed.finishReason).toEqual(whole.finishReason)
      expect(streamed.usage).toEqual(whole.usage)
      // GitHub Copilot rotates even the response id; the first one names the stream.
      const created = payloadsOf(wire).find((payload) => payload.type === 'response.created')?.response as { id?: string } | undefined
      expect(streamed.id).toBe(created?.id ?? whole.id)
    })
  }
})

/**
 * A stream has no origin field (the pipeline knows its upstream), and the scrubbed recordings
 * replaced each copy of an encrypted_content with a different placeholder: signatures are checked
 * against the output_item.done items below.
 */
function withoutTokens(parts: AssistantPart[]): unknown[] {
  return parts.map((part) => (part.type === 'reasoning' ? { type: part.type, text: part.text } : part))
}

/** Only a response-start without an upstream id gets a random one. */
function stripIds(events: StreamEvent[]): unknown[] {
  return events.map((event) => (event.type === 'response-start' ? { ...event, id: '' } : event))
}

function byName(name: string): string {
  const found = streams.find((stream) => stream.name === name)
  if (found === undefined) throw new Error(`no stream ${name}`)
  return found.wire
}

describe('decode-stream: what the recorded streams show', () => {
  test('each reasoning block is signed with the encrypted_content of its output_item.done', async () => {
    for (const { wire } of streams) {
      const done = payloadsOf(wire).flatMap((payload) => {
        const item = payload.type === 'response.output_item.done' ? (payload.item as Record<string, unknown>) : undefined
        return item?.type === 'reasoning' && typeof item.encrypted_content === 'string' ? [item.encrypted_content] : []
      })
      const signatures = (await decodeAll(wire)).flatMap((event) => (event.type === 'reasoning-signature' ? [event.signature] : []))
      expect(signatures).toEqual(done)
    }
  })

  test('reasoning summary then text: the summary is reasoning text signed by nothing without encrypted content', async () => {
    const response = collectEvents(await decodeAll(byName('openai-reasoning-summary.sse')))
    expect(response.content.map((part) => part.type)).toEqual(['reasoning', 'text'])
    const reasoning = response.content[0]
    expect(reasoning?.type === 'reasoning' && reasoning.text.length > 100).toBe(true)
    expect(response.finishReason.kind).toBe('stop')
  })

  test('encrypted_content arrives as the reasoning signature with origin openai-responses', async () => {
    const events = await decodeAll(byName('openai-reasoning-summary-function-calls-4-streams.chunks.txt #1'))
    const signature = events.find((event) => event.type === 'reasoning-signature')
    expect(signature?.type === 'reasoning-signature' && signature.signature.startsWith('gAAAAA')).toBe(true)
    const response = collectEvents(events)
    expect(response.content[0]).toMatchObject({ type: 'reasoning', text: expect.stringContaining('Calculating step-by-step') })
    expect(response.content.some((part) => part.type === 'tool-call' && part.name === 'calculator')).toBe(true)
    expect(response.finishReason.kind).toBe('tool-calls')
  })

  test('parallel function calls become two tool calls with their call ids and whole arguments', async () => {
    const response = collectEvents(await decodeAll(byName('openai-parallel-function-calls.sse')))
    const calls = response.content.filter((part) => part.type === 'tool-call')
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      expect(call.id.startsWith('call_')).toBe(true)
      expect(() => JSON.parse(call.arguments)).not.toThrow()
    }
    expect(response.finishReason).toMatchObject({ kind: 'tool-calls', raw: 'completed', protocol: 'openai-responses' })
  })

  test('response.incomplete for max_output_tokens ends with finish reason length', async () => {
    for (const name of ['openai-incomplete-max-output-tokens.sse', 'openai-incomplete-mid-function-call.sse']) {
      const response = collectEvents(await decodeAll(byName(name)))
      expect(response.finishReason).toEqual({ kind: 'length', raw: 'max_output_tokens', protocol: 'openai-responses' })
    }
  })

  test('a refusal streams as text and ends as content-filter', async () => {
    const response = collectEvents(await decodeAll(byName('openai-refusal.sse')))
    expect(response.content).toHaveLength(1)
    expect(response.content[0]?.type).toBe('text')
    expect(response.finishReason.kind).toBe('content-filter')
    expect(response.usage).toEqual({ inputTokens: 43, outputTokens: 11, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 })
  })

  test('rotating item ids (GitHub Copilot) still give one reasoning block and one text block', async () => {
    const events = await decodeAll(byName('github-copilot-rotating-item-ids.chunks.txt'))
    const response = collectEvents(events)
    expect(response.content.map((part) => part.type)).toEqual(['reasoning', 'text'])
    expect(response.content[0]).toMatchObject({ text: '**Counting character occurrences**' })
    expect(response.content[1]?.type === 'text' && response.content[1].text.startsWith('There are **3** letter')).toBe(true)
  })

  test('an error event inside the 200 stream ends it with the upstream message, not a success', async () => {
    const events = await decodeAll(byName('openai-error-midstream-insufficient-quota.chunks.txt'))
    const last = events.at(-1)
    expect(last?.type).toBe('error')
    const error = last?.type === 'error' ? last.error : undefined
    expect(error).toBeInstanceOf(BridgeError)
    expect(error?.kind).toBe('rate-limit')
    expect(error?.retryable).toBe(false)
    expect(error?.message).toContain('You exceeded your current quota')
    expect(events.filter((event) => event.type === 'error')).toHaveLength(1)
  })

  test('web search items are skipped; the cited answer and the cached tokens remain', async () => {
    const response = collectEvents(await decodeAll(byName('openai-web-search-annotations.chunks.txt')))
    expect(response.content.some((part) => part.type === 'text' && part.text.length > 200)).toBe(true)
    expect(response.usage?.cacheReadTokens).toBeGreaterThan(0)
  })
})

describe('decode-stream: batches', () => {
  test('one non-empty array per upstream chunk at most, and nothing read after the terminal event', async () => {
    const wire = byName('openai-parallel-function-calls.sse')
    const chunks = [...bytesOfSync(wire, 50)]
    const batches = await collect(decodeOpenaiResponsesStream(fromChunks([...chunks, new TextEncoder().encode('data: {garbage\n\n')])))
    expect(batches.every((batch) => batch.length > 0)).toBe(true)
    expect(batches.length).toBeLessThanOrEqual(chunks.length)
    expect(batches.flat().at(-1)?.type).toBe('response-end')
  })
})

function* bytesOfSync(text: string, size: number): Generator<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.slice(offset, offset + size)
}

async function* fromChunks(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks
}

describe('decode-stream: broken streams', () => {
  test('a stream cut before its terminal event ends with an error', async () => {
    const wire = byName('openai-parallel-function-calls.sse')
    const cut = wire.slice(0, wire.indexOf('event: response.completed'))
    const events = await decodeAll(cut)
    expect(findStreamViolations(events)).toEqual([])
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { kind: 'upstream' } })
  })

  test('garbage data ends the stream with an error event instead of throwing', async () => {
    const events = await decodeAll('event: response.created\ndata: {not json\n\n')
    expect(events.map((event) => event.type)).toEqual(['response-start', 'error'])
  })

  test('a [DONE] before any terminal event ends the stream with an error, without reading further', async () => {
    const wire = byName('openai-parallel-function-calls.sse')
    const cut = `${wire.slice(0, wire.indexOf('event: response.completed'))}data: [DONE]\n\n`
    async function* neverEnding(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(cut)
      throw new Error('read past [DONE]')
    }
    const events = (await collect(decodeOpenaiResponsesStream(neverEnding()))).flat()
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { message: 'The upstream stream ended before response.completed' } })
  })

  test('a [DONE] after response.completed is tolerated', async () => {
    const events = await decodeAll(`${byName('openai-refusal.sse')}data: [DONE]\n\n`)
    expect(events.at(-1)?.type).toBe('response-end')
  })
})
