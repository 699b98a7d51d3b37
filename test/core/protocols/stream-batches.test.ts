/**
 * The batched stream forms (decodeStreamBatches / encodeStreamBatches, the proxy's hot path) are
 * the per-event forms regrouped: the same events in the same order, the same wire text, for every
 * recorded fixture of both protocols and several ways of splitting the body.
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
      for (const split of SPLITS) {
        const events = await collect(source.decodeStream(bytesOf(wire, split)))
        const batches = await collect(source.decodeStreamBatches!(bytesOf(wire, split)))
        expect(batches.every((batch) => batch.length > 0)).toBe(true)
        expect(batches.flat()).toEqual(events)
        for (const client of ['openai', 'anthropic'] as const) {
          const encoder = codec(client)
          const perEvent = (await collect(encoder.encodeStream(once<StreamEvent>(events), context()))).join('')
          const perBatch = await collect(encoder.encodeStreamBatches!(once<StreamEvent[]>(batches), context()))
          expect(stable(perBatch.join(''))).toBe(stable(perEvent))
          expect(perBatch.length).toBeLessThanOrEqual(batches.length)
        }
      }
    })
  }
})
