/** Rebuilds recorded OpenAI Chat fixtures as wire bytes (see test/fixtures/README.md "Formats"). */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { StreamEvent } from '../../../../src/core/model/index.ts'

export const FIXTURE_DIR = join(import.meta.dir, '../../../fixtures/openai-chat')

export function streamFixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.chunks.txt') || name.endsWith('.sse')).sort()
}

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8')
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name))
}

/** `*.chunks.txt` → `data: <line>\n\n` per line + `data: [DONE]\n\n`; `*.sse` is already raw. */
export function fixtureWireText(name: string): string {
  const text = fixtureText(name)
  if (name.endsWith('.sse')) return text
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  return `${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`
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

export async function collectEvents<T = StreamEvent>(events: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const event of events) out.push(event)
  return out
}

/** Twin non-streaming fixture of a stream fixture, when one was recorded. */
export function jsonTwinOf(name: string): string | undefined {
  const twin = name.replace(/\.(chunks\.txt|sse)$/, '.json')
  return readdirSync(FIXTURE_DIR).includes(twin) ? twin : undefined
}
