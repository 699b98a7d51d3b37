/** Recorded Responses fixtures as wire bytes (see test/fixtures/README.md "Formats"), plus small stream helpers. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { WarningSink, type ChatRequest } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'

export const FIXTURE_DIR = join(import.meta.dir, '../../../fixtures/openai-responses')

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8')
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name))
}

export function streamFixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.chunks.txt') || name.endsWith('.sse')).sort()
}

export type WireStream = { name: string; wire: string }

/**
 * `*.sse` is the body as recorded; `*.chunks.txt` holds one payload per line, rebuilt as
 * `event: <type>\ndata: <line>\n\n`. A file with several streams (an agent loop) is split at
 * each `response.created`.
 */
export function fixtureStreams(name: string): WireStream[] {
  const text = fixtureText(name)
  if (name.endsWith('.sse')) return [{ name, wire: text }]
  const streams: string[][] = []
  for (const line of text.split('\n').filter((entry) => entry.trim() !== '')) {
    const type = String((JSON.parse(line) as { type?: unknown }).type)
    if (type === 'response.created' || streams.length === 0) streams.push([])
    streams.at(-1)!.push(`event: ${type}\ndata: ${line}\n\n`)
  }
  return streams.map((frames, position) => ({ name: streams.length === 1 ? name : `${name} #${position + 1}`, wire: frames.join('') }))
}

/** The recorded payloads of a wire stream, parsed. */
export function payloadsOf(wire: string): Array<Record<string, unknown>> {
  return wire
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>)
}

export async function* bytesOf(text: string, chunkSizes: number[] = []): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  if (chunkSizes.length === 0) {
    yield bytes
    return
  }
  let offset = 0
  let turn = 0
  while (offset < bytes.length) {
    const size = Math.max(1, chunkSizes[turn++ % chunkSizes.length] ?? 1)
    yield bytes.slice(offset, offset + size)
    offset += size
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

export async function* batchesOf<T>(items: readonly T[], size = 3): AsyncGenerator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size)
}

export function encodeContext(clientRequest?: ChatRequest): EncodeContext {
  const context: EncodeContext = { upstreamModel: 'upstream-model', clientModel: 'client-model', warnings: new WarningSink() }
  if (clientRequest !== undefined) context.clientRequest = clientRequest
  return context
}
