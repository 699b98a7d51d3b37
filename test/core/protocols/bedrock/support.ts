/** Test helpers: recorded Bedrock fixtures as event-stream bytes, and canned byte sources. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeEventStreamMessage } from '../../../../src/core/framing/aws-event-stream.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
import { decodeBedrockStream } from '../../../../src/core/protocols/bedrock/decode-stream.ts'

export const FIXTURE_DIR = join(import.meta.dir, '../../../fixtures/bedrock-converse')

const encoder = new TextEncoder()

export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return encodeEventStreamMessage(
    { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' },
    encoder.encode(JSON.stringify(payload)),
  )
}

export function exceptionFrame(exceptionType: string, payload: unknown): Uint8Array {
  return encodeEventStreamMessage(
    { ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' },
    encoder.encode(JSON.stringify(payload)),
  )
}

/**
 * A fixture as the wire bytes Bedrock sends. *.chunks.txt holds `{eventType: payload}` lines with
 * the framing and the `p` padding removed (fixtures/README.md): both are rebuilt.
 */
export function fixtureBytes(name: string): Uint8Array {
  if (name.endsWith('.eventstream')) return new Uint8Array(readFileSync(join(FIXTURE_DIR, name)))
  const frames = readFileSync(join(FIXTURE_DIR, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const [eventType, payload] = Object.entries(JSON.parse(line) as Record<string, Record<string, unknown>>)[0]!
      return eventFrame(eventType, { ...payload, p: 'abcdefghijklmnopqrstuvwxyz'.slice(0, 1 + (index % 26)) })
    })
  return concat(frames)
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}

export function streamFixtures(): string[] {
  return readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.chunks.txt') || name.endsWith('.eventstream')).sort()
}

export function responseFixtures(): string[] {
  return readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.json') && !name.includes('error')).sort()
}

export function readFixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8'))
}

export async function* bytesOf(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk
}

export async function* batchesOf(...batches: StreamEvent[][]): AsyncGenerator<StreamEvent[]> {
  for (const batch of batches) yield batch
}

export async function toArray<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = []
  for await (const item of items) result.push(item)
  return result
}

/** decodeStream flattened: the events, whatever the batching. */
export async function decodeEvents(...chunks: Uint8Array[]): Promise<StreamEvent[]> {
  return (await toArray(decodeBedrockStream(bytesOf(...chunks)))).flat()
}

export function encodeContext(overrides: Partial<EncodeContext> = {}): EncodeContext {
  return { upstreamModel: 'anthropic.claude-sonnet-4-5-20250929-v1:0', clientModel: 'client-model', warnings: new WarningSink(), ...overrides }
}
