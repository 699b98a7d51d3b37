/** Test helpers: recorded Gemini fixtures as wire bytes in both stream framings. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'

export const FIXTURE_DIR = join(import.meta.dir, '../../../fixtures/gemini')

export function streamFixtures(): string[] {
  return readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.chunks.txt') || name.endsWith('.sse')).sort()
}

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8')
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name))
}

/** The JSON text of each chunk of a stream fixture, in order. */
export function fixtureChunks(name: string): string[] {
  const text = fixtureText(name)
  if (name.endsWith('.chunks.txt')) return text.split('\n').filter((line) => line.trim() !== '')
  return text.split(/\r\n\r\n|\n\n/).map((event) => event.trim()).filter((event) => event.startsWith('data:')).map((event) => event.slice(5).trim())
}

/** SSE as Google sends it: `.sse` files as recorded, `.chunks.txt` rebuilt with CRLF (fixtures/README.md). */
export function sseWire(name: string): string {
  if (name.endsWith('.sse')) return fixtureText(name)
  return fixtureChunks(name).map((chunk) => `data: ${chunk}\r\n\r\n`).join('')
}

/** The same chunks as the JSON-array stream (`:streamGenerateContent` without alt=sse). */
export function jsonArrayWire(name: string): string {
  return `[${fixtureChunks(name).join('\r\n,')}]`
}

export async function* bytesOf(...chunks: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder()
  for (const chunk of chunks) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk
}

/** `text` as bytes cut at the given byte offsets. */
export async function* splitBytes(text: string, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  let start = 0
  for (const cut of [...cuts, bytes.length]) {
    if (cut > start) yield bytes.slice(start, cut)
    start = Math.max(start, cut)
  }
}

export async function toArray<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

export async function flatten(batches: AsyncIterable<StreamEvent[]>): Promise<StreamEvent[]> {
  return (await toArray(batches)).flat()
}

export async function* batchesOf(events: readonly StreamEvent[], size = 3): AsyncGenerator<StreamEvent[]> {
  for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size)
}

export function encodeContext(overrides: Partial<EncodeContext> = {}): EncodeContext {
  return { upstreamModel: 'gemini-2.5-flash', clientModel: 'gemini-client-model', warnings: new WarningSink(), ...overrides }
}
