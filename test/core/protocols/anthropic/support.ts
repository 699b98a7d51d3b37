/** Test helpers: recorded fixtures as wire bytes, and the official SDK pointed at canned bytes. */
import Anthropic from '@anthropic-ai/sdk'
import type { Message } from '@anthropic-ai/sdk/resources/messages'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'

export const FIXTURE_DIR = join(import.meta.dir, '../../../fixtures/anthropic-messages')

/** *.chunks.txt lost the SSE framing: rebuild `event: <type>` + `data:` per line (fixtures/README.md). */
export function fixtureWire(name: string): string {
  const text = readFileSync(join(FIXTURE_DIR, name), 'utf8')
  if (name.endsWith('.sse')) return text
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`)
    .join('')
}

export function streamFixtures(): string[] {
  return readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.chunks.txt') || name.endsWith('.sse')).sort()
}

export function readFixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8'))
}

export async function* bytesOf(...chunks: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder()
  for (const chunk of chunks) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk
}

export async function toArray<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = []
  for await (const item of items) result.push(item)
  return result
}

export function encodeContext(overrides: Partial<EncodeContext> = {}): EncodeContext {
  return { upstreamModel: 'upstream-model', clientModel: 'claude-client-model', warnings: new WarningSink(), ...overrides }
}

/** Runs `use` with an official SDK client whose every request is answered with `body`. */
export async function withSdk<T>(
  body: string,
  init: { status?: number; headers?: Record<string, string> },
  use: (client: Anthropic) => Promise<T>,
): Promise<T> {
  const server = Bun.serve({
    port: 0,
    fetch: () => new Response(body, { status: init.status ?? 200, headers: init.headers ?? { 'content-type': 'text/event-stream' } }),
  })
  try {
    return await use(new Anthropic({ baseURL: `http://127.0.0.1:${server.port}`, apiKey: 'x', maxRetries: 0 }))
  } finally {
    server.stop(true)
  }
}

/** The SDK's own stream accumulator over whatever the server answers. */
export function sdkFinalMessage(client: Anthropic): Promise<Message> {
  return client.messages.stream({ model: 'claude-client-model', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage()
}

export type { StreamEvent }
