/**
 * LESSONS #22: splitting the upstream bytes anywhere (inside multi-byte UTF-8 characters, inside
 * CRLF pairs) must give the same canonical events as one whole buffer.
 */
import { expect, test } from 'bun:test'
import { decodeAnthropicStream as decodeAnthropicStreamBatches } from '../../../../src/core/protocols/anthropic/decode-stream.ts'
import { flattenBatches } from '../../../../src/core/stream/batches.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
const decodeAnthropicStream = (body: AsyncIterable<Uint8Array>) => flattenBatches(decodeAnthropicStreamBatches(body))
import { bytesOf, fixtureWire, toArray } from './support.ts'

/** A deterministic generator so a failure is reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const sorted = [...new Set(cuts)].sort((a, b) => a - b)
  const pieces: Uint8Array[] = []
  let start = 0
  for (const cut of sorted) {
    pieces.push(bytes.slice(start, cut))
    start = cut
  }
  pieces.push(bytes.slice(start))
  return pieces
}

const SOURCES = {
  // Multi-byte text (é, 日本, 🎉) and CRLF framing, as Gemini-style servers send.
  crlfUnicode: [
    'event: message_start\r\ndata: {"type":"message_start","message":{"id":"msg_u","model":"m","usage":{"input_tokens":5,"output_tokens":1}}}\r\n\r\n',
    'event: content_block_start\r\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\r\n\r\n',
    'event: content_block_delta\r\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"café 日本語 🎉 ok"}}\r\n\r\n',
    'event: content_block_stop\r\ndata: {"type":"content_block_stop","index":0}\r\n\r\n',
    'event: message_delta\r\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}\r\n\r\n',
    'event: message_stop\r\ndata: {"type":"message_stop"}\r\n\r\n',
  ].join(''),
  toolUse: fixtureWire('anthropic-text-then-tool-use.chunks.txt'),
  thinking: fixtureWire('anthropic-thinking-signature.chunks.txt'),
}

for (const [name, wire] of Object.entries(SOURCES)) {
  test(`chunk boundaries anywhere give identical events (${name})`, async () => {
    const bytes = new TextEncoder().encode(wire)
    const whole = await toArray(decodeAnthropicStream(bytesOf(bytes)))
    expect(whole.at(-1)?.type).toBe('response-end')
    // Every single split position for the small stream; random multi-splits for all.
    if (bytes.length < 2000) {
      for (let cut = 1; cut < bytes.length; cut++) {
        expect(await toArray(decodeAnthropicStream(bytesOf(...splitAt(bytes, [cut]))))).toEqual(whole)
      }
    }
    const random = seededRandom(bytes.length)
    for (let round = 0; round < 40; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 30) }, () => 1 + Math.floor(random() * (bytes.length - 1)))
      expect(await toArray(decodeAnthropicStream(bytesOf(...splitAt(bytes, cuts))))).toEqual(whole)
    }
  })
}
