import { describe, expect, test } from 'bun:test'
import { encodeEventStreamMessage } from '../../src/core/framing/aws-event-stream.ts'
import { EventStreamBoundary } from '../../src/proxy-guards/event-stream-boundary.ts'

const frame = (text: string) =>
  encodeEventStreamMessage({ ':event-type': 'contentBlockDelta', ':content-type': 'application/json', ':message-type': 'event' }, new TextEncoder().encode(JSON.stringify({ delta: { text } })))

describe('EventStreamBoundary', () => {
  const frames = [frame('Hel'), frame('lo, world'), frame('!')]
  const body = new Uint8Array(frames.reduce((sum, part) => sum + part.byteLength, 0))
  let offset = 0
  const ends = new Set<number>([0])
  for (const part of frames) {
    body.set(part, offset)
    offset += part.byteLength
    ends.add(offset)
  }

  test('is at a boundary exactly after whole frames, for a split at every byte', () => {
    for (let split = 0; split <= body.byteLength; split++) {
      const boundary = new EventStreamBoundary()
      boundary.observe(body.subarray(0, split))
      expect(boundary.atBoundary).toBe(ends.has(split))
      boundary.observe(body.subarray(split))
      expect(boundary.atBoundary).toBe(true)
    }
  })

  test('a length field split across chunks still counts its frame', () => {
    const boundary = new EventStreamBoundary()
    for (let at = 0; at < frames[0]!.byteLength; at++) {
      expect(boundary.atBoundary).toBe(at === 0)
      boundary.observe(frames[0]!.subarray(at, at + 1))
    }
    expect(boundary.atBoundary).toBe(true)
  })
})
