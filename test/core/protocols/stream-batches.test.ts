/**
 * Codecs decode and encode streams in batches (one array of events per upstream chunk). However
 * the body is split, the events are the same in the same order, no batch is empty, and encoding
 * the batches writes the same wire text as encoding each event on its own, with at most one chunk
 * per batch: for every recorded fixture of the registered protocols.
 */
import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StreamEvent } from '../../../src/core/model/index.ts'
import { WarningSink } from '../../../src/core/model/index.ts'
import type { EncodeContext, ProtocolCodec } from '../../../src/core/protocols/codec.ts'
import { findCodec } from '../../../src/core/protocols/index.ts'
import { bytesOf, fixtureWireText } from './openai/fixture-stream.ts'

const FIXTURES = join(import.meta.dir, '../../fixtures')
const SPLITS: number[][] = [[], [1], [7, 3], [64]]

function anthropicWire(name: string): string {
  return readFileSync(join(FIXTURES, 'anthropic-messages', name), 'utf8')
}

function cases(): Array<{ protocol: 'openai' | 'anthropic'; name: string; wire: string }> {
  const openai = readdirSync(join(FIXTURES, 'openai-chat')).filter((n) => n.endsWith('.chunks.txt') || n.endsWith('.sse'))
  const anthropic = readdirSync(join(FIXTURES, 'anthropic-messages')).filter((n) => n.endsWith('.sse'))
  return [
    ...openai.map((name) => ({ protocol: 'openai' as const, name, wire: fixtureWireText(name) })),
    ...anthropic.map((name) => ({ protocol: 'anthropic' as const, name, wire: anthropicWire(name) })),
  ]
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

async function* once<T>(items: T[]): AsyncGenerator<T> {
  yield* items
}

const eachAlone = (events: StreamEvent[]): StreamEvent[][] => events.map((event) => [event])

function codec(id: 'openai' | 'anthropic'): ProtocolCodec {
  const found = findCodec(id)
  if (found === undefined) throw new Error(`no codec ${id}`)
  return found
}

const context = (): EncodeContext => ({ upstreamModel: 'm', clientModel: 'client-model', warnings: new WarningSink() })

/** Ids and `created` depend on the clock; everything else must match byte for byte. */
function stable(text: string): string {
  return text.replace(/"created":\d+/g, '"created":0')
}

describe('batched stream forms', () => {
  for (const { protocol, name, wire } of cases()) {
    test(`${protocol} ${name}: same events, same wire text, for every split`, async () => {
      const source = codec(protocol)
      const whole = (await collect(source.decodeStream(bytesOf(wire, [])))).flat()
      for (const split of SPLITS) {
        const batches = await collect(source.decodeStream(bytesOf(wire, split)))
        expect(batches.every((batch) => batch.length > 0)).toBe(true)
        const events = batches.flat()
        expect(events).toEqual(whole)
        for (const client of ['openai', 'anthropic'] as const) {
          const encoder = codec(client)
          const perEvent = (await collect(encoder.encodeStream(once(eachAlone(events)), context()))).join('')
          const perBatch = await collect(encoder.encodeStream(once(batches), context()))
          expect(stable(perBatch.join(''))).toBe(stable(perEvent))
          expect(perBatch.length).toBeLessThanOrEqual(batches.length)
        }
      }
    })
  }
})
