import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from '../../../src/core/framing/aws-event-stream-crc32.ts'
import {
  EventStreamDecoder,
  EventStreamError,
  encodeEventStreamMessage,
  stringHeader,
  type EventStreamMessage,
} from '../../../src/core/framing/aws-event-stream.ts'

const FIXTURES = join(import.meta.dir, '../../fixtures/bedrock-converse')
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)))
const encoder = new TextEncoder()

function decodeAll(chunks: Uint8Array[]): EventStreamMessage[] {
  const decoder = new EventStreamDecoder()
  const messages = chunks.flatMap((chunk) => decoder.push(chunk))
  decoder.end()
  return messages
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = []
  let start = 0
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    pieces.push(bytes.slice(start, cut))
    start = cut
  }
  pieces.push(bytes.slice(start))
  return pieces
}

function seededRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

/** bedrock-converse.md §6: one contentBlockDelta message, generated and cross-checked with the AWS libraries. */
const DOC_EXAMPLE = (
  '0000009f00000057c37babff0b3a6576656e742d747970650700116' +
  '36f6e74656e74426c6f636b44656c74610d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970' +
  '650700056576656e747b22636f6e74656e74426c6f636b496e646578223a302c2264656c7461223a7b2274657874223a224869227d2c2270223a2261626364227df2ace5ff'
)

describe('crc32', () => {
  test('matches the IEEE check value and Bun’s own CRC32', () => {
    expect(crc32(encoder.encode('123456789'))).toBe(0xcbf43926)
    const random = seededRandom(7)
    const bytes = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256))
    expect(crc32(bytes)).toBe(Bun.hash.crc32(bytes))
    expect(crc32(bytes.subarray(1000), crc32(bytes.subarray(0, 1000)))).toBe(crc32(bytes))
  })
})

describe('aws event stream framing', () => {
  test('the recorded Bedrock bodies decode into their frames, padding and all', () => {
    const text = decodeAll([fixture('bedrock-nova-text.eventstream')])
    expect(text).toHaveLength(8)
    expect(text.map((message) => stringHeader(message, ':event-type'))).toEqual([
      'messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata',
    ])
    expect(stringHeader(text[0]!, ':message-type')).toBe('event')
    expect(stringHeader(text[0]!, ':content-type')).toBe('application/json')
    expect(JSON.parse(new TextDecoder().decode(text[0]!.payload))).toMatchObject({ role: 'assistant' })
    expect(stringHeader(text.at(-1)!, ':event-type')).toBe('metadata')
    expect(decodeAll([fixture('bedrock-nova-two-tool-calls.eventstream')])).toHaveLength(58)
  })

  test('the encoder writes the documented example byte for byte', () => {
    const bytes = encodeEventStreamMessage(
      { ':event-type': 'contentBlockDelta', ':content-type': 'application/json', ':message-type': 'event' },
      encoder.encode('{"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abcd"}'),
    )
    expect(Buffer.from(bytes).toString('hex')).toBe(DOC_EXAMPLE)
  })

  test('every header type survives encode → decode', () => {
    const headers = {
      yes: { type: 'boolean', value: true },
      no: { type: 'boolean', value: false },
      byte: { type: 'byte', value: -5 },
      short: { type: 'short', value: -300 },
      integer: { type: 'integer', value: 70000 },
      long: { type: 'long', value: -(2n ** 40n) },
      binary: { type: 'binary', value: Uint8Array.of(0, 1, 255) },
      string: { type: 'string', value: 'café ☕' },
      timestamp: { type: 'timestamp', value: new Date(1_700_000_000_123) },
      uuid: { type: 'uuid', value: '0123abcd-4567-89ef-0123-456789abcdef' },
    } as const
    const [message] = decodeAll([encodeEventStreamMessage(headers, encoder.encode('{}'))])
    expect(message!.headers).toEqual(headers)
    expect(new TextDecoder().decode(message!.payload)).toBe('{}')
  })

  test('a frame split at every byte position decodes identically', () => {
    const bytes = fixture('bedrock-nova-text.eventstream')
    const whole = decodeAll([bytes])
    for (let cut = 0; cut <= bytes.length; cut++) expect(decodeAll(splitAt(bytes, [cut]))).toEqual(whole)
    expect(decodeAll(Array.from(bytes, (byte) => Uint8Array.of(byte)))).toEqual(whole)
  })

  test('random multi-way splits of a long body decode identically', () => {
    const bytes = fixture('bedrock-nova-two-tool-calls.eventstream')
    const whole = decodeAll([bytes])
    const random = seededRandom(bytes.length)
    for (let round = 0; round < 60; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * bytes.length))
      expect(decodeAll(splitAt(bytes, cuts))).toEqual(whole)
    }
  })

  test('a corrupt prelude is rejected as soon as the prelude is whole', () => {
    const bytes = fixture('bedrock-nova-text.eventstream').slice()
    bytes[2] = bytes[2]! ^ 0x01 // total length, covered by the prelude CRC
    expect(() => new EventStreamDecoder().push(bytes.subarray(0, 12))).toThrow('prelude CRC mismatch')
    expect(() => new EventStreamDecoder().push(bytes)).toThrow('prelude CRC mismatch')
  })

  test('a corrupt payload byte fails the message CRC', () => {
    const bytes = fixture('bedrock-nova-text.eventstream').slice()
    bytes[120] = bytes[120]! ^ 0x20
    let caught: unknown
    try {
      new EventStreamDecoder().push(bytes)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(EventStreamError)
    expect((caught as EventStreamError).reason).toBe('message-crc')
  })

  test('the frames before a corrupt one in the same chunk are kept', () => {
    const bytes = fixture('bedrock-nova-text.eventstream').slice()
    const decoder = new EventStreamDecoder()
    const whole = new EventStreamDecoder().push(bytes)
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01 // the last frame's message CRC
    expect(() => decoder.push(bytes)).toThrow('message CRC mismatch')
    expect(decoder.takeCompleted()).toEqual(whole.slice(0, 7))
  })

  test('a frame that claims an impossible length is rejected, not waited for', () => {
    const bytes = new Uint8Array(12)
    const view = new DataView(bytes.buffer)
    view.setUint32(0, 0xffffff00)
    view.setUint32(4, 0)
    view.setUint32(8, crc32(bytes.subarray(0, 8)))
    expect(() => new EventStreamDecoder().push(bytes)).toThrow('out of range')
  })

  test('a body cut inside a frame is reported at its end', () => {
    const bytes = fixture('bedrock-nova-text.eventstream')
    const decoder = new EventStreamDecoder()
    expect(decoder.push(bytes.subarray(0, bytes.length - 3))).toHaveLength(7)
    expect(() => decoder.end()).toThrow('ended inside a frame')
  })
})
