import { describe, expect, test } from 'bun:test'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { decodeGeminiStream } from '../../../../src/core/protocols/gemini/decode-stream.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { bytesOf, flatten, splitBytes } from './support.ts'

/** Multi-byte text, braces and brackets inside strings, escaped quotes: what a naive splitter gets wrong. */
const CHUNKS = [
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Planning {the} [call] "now"', thought: true }] }, index: 0 }], responseId: 'r1', modelVersion: 'gemini-3-flash' },
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Grüße 🌍 — ' }] }, index: 0 }], usageMetadata: { promptTokenCount: 7 }, responseId: 'r1', modelVersion: 'gemini-3-flash' },
  {
    candidates: [{
      content: { role: 'model', parts: [{ functionCall: { id: 'c1', name: 'search', args: { q: 'a "}" [x] \\ ü' } }, thoughtSignature: 'c2lnbmF0dXJl' }] },
      finishReason: 'STOP',
      index: 0,
    }],
    usageMetadata: { promptTokenCount: 7, candidatesTokenCount: 9, thoughtsTokenCount: 4, totalTokenCount: 20 },
    responseId: 'r1',
    modelVersion: 'gemini-3-flash',
  },
]

const SSE = CHUNKS.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join('')
const JSON_ARRAY = `[${CHUNKS.map((chunk) => JSON.stringify(chunk, null, 1)).join('\r\n,')}]`

async function decode(body: AsyncIterable<Uint8Array>): Promise<StreamEvent[]> {
  return flatten(decodeGeminiStream(body))
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length
}

/** A small deterministic generator, so a failing split can be replayed. */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

for (const [form, wire] of [['SSE', SSE], ['JSON array', JSON_ARRAY]] as const) {
  describe(`the ${form} stream form decodes the same however the body is split`, () => {
    test('the whole body decodes to a valid stream with every piece', async () => {
      const events = await decode(bytesOf(wire))
      expect(findStreamViolations(events)).toEqual([])
      expect(events.filter((event) => event.type === 'text-delta').map((event) => (event as { text: string }).text)).toEqual(['Grüße 🌍 — '])
      expect(events.find((event) => event.type === 'tool-call-delta')).toEqual({ type: 'tool-call-delta', index: 2, argumentsDelta: JSON.stringify({ q: 'a "}" [x] \\ ü' }) })
    })

    test('split in two at every byte', async () => {
      const whole = await decode(bytesOf(wire))
      const length = byteLength(wire)
      for (let cut = 1; cut < length; cut++) {
        const events = await decode(splitBytes(wire, [cut]))
        if (!Bun.deepEquals(events, whole)) throw new Error(`differs when split at byte ${cut}`)
      }
    })

    test('split into one-byte pieces and at random places', async () => {
      const whole = await decode(bytesOf(wire))
      const length = byteLength(wire)
      expect(await decode(splitBytes(wire, Array.from({ length }, (_, index) => index)))).toEqual(whole)
      const random = seeded(42)
      for (let round = 0; round < 200; round++) {
        const cuts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * length)).sort((a, b) => a - b)
        const events = await decode(splitBytes(wire, cuts))
        if (!Bun.deepEquals(events, whole)) throw new Error(`differs when split at ${cuts.join(',')}`)
      }
    })
  })
}

describe('broken streams end in one error event', () => {
  test('a JSON array cut inside an element', async () => {
    const events = await decode(bytesOf(JSON_ARRAY.slice(0, JSON_ARRAY.length - 40)))
    expect(findStreamViolations(events)).toEqual([])
    expect(events.at(-1)?.type).toBe('error')
  })

  test('an SSE stream without any finishReason', async () => {
    const events = await decode(bytesOf(`data: ${JSON.stringify(CHUNKS[1])}\r\n\r\n`))
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { kind: 'upstream', message: expect.stringContaining('finishReason') } })
  })

  test('an error chunk mid-stream keeps its status and message', async () => {
    const error = { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }
    const events = await decode(bytesOf(`data: ${JSON.stringify(CHUNKS[1])}\r\n\r\n`, `data: ${JSON.stringify(error)}\r\n\r\n`))
    expect(findStreamViolations(events)).toEqual([])
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { kind: 'overloaded', status: 503, message: 'The model is overloaded.' } })
  })

  test('a body that is neither SSE nor JSON, and an empty body', async () => {
    for (const body of ['<html>bad gateway</html>', '']) {
      const events = await decode(bytesOf(body))
      expect(findStreamViolations(events)).toEqual([])
      expect(events.at(-1)?.type).toBe('error')
    }
  })

  test('a prompt blocked before any candidate ends as a content-filter finish', async () => {
    const blocked = { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 }, responseId: 'b' }
    const events = await decode(bytesOf(`data: ${JSON.stringify(blocked)}\r\n\r\n`))
    expect(events.at(-1)).toEqual({ type: 'response-end', finishReason: { kind: 'content-filter', raw: 'PROHIBITED_CONTENT', protocol: 'gemini' } })
  })
})

describe('the JSON array is read element by element', () => {
  test('the first element is decoded before the rest of the array has arrived', async () => {
    const [first, ...rest] = CHUNKS.map((chunk) => JSON.stringify(chunk))
    let askedForMore = false
    async function* body(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(`[${first}\r\n`)
      askedForMore = true
      yield new TextEncoder().encode(`,${rest.join(',')}]`)
    }
    const batches = decodeGeminiStream(body())[Symbol.asyncIterator]()
    const firstBatch = await batches.next()
    expect(askedForMore).toBe(false)
    expect((firstBatch.value as StreamEvent[]).map((event) => event.type)).toEqual(['response-start', 'reasoning-start', 'reasoning-delta'])
    await batches.return(undefined)
  })
})
