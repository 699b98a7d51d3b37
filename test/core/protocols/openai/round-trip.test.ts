import { expect, test } from 'bun:test'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeOpenaiStream as decodeStreamBatches } from '../../../../src/core/protocols/openai/decode-stream.ts'
import { eventsAsBatches, flattenBatches } from '../../../../src/core/stream/batches.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
const decodeStream = (body: AsyncIterable<Uint8Array>) => flattenBatches(decodeStreamBatches(body))
import { encodeOpenaiStream as encodeStreamBatches } from '../../../../src/core/protocols/openai/encode-stream.ts'
const encodeStream = (events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>, context: EncodeContext) => encodeStreamBatches(eventsAsBatches(events), context)
import { collectStream } from '../../../../src/core/stream/collect-stream.ts'
import { toAsync } from '../../../../src/core/stream/response-to-events.ts'
import { bytesOf, collectEvents, fixtureWireText } from './fixture-stream.ts'

/** Our encoder's output read back by our decoder loses nothing canonical (text, reasoning, tools, usage, finish). */
test('a recorded stream re-encoded for an OpenAI client decodes to the same response', async () => {
  const context = {
    upstreamModel: 'x',
    clientModel: 'anthropic/claude-haiku-4.5',
    warnings: new WarningSink(),
    clientRequest: { model: 'm', system: [], messages: [], tools: [], stream: true, extensions: { openai: { stream_options: { include_usage: true } } } },
  }
  const original = await collectEvents(decodeStream(bytesOf(fixtureWireText('deepseek-reasoning-tool-call.chunks.txt'))))
  const wire = (await collectEvents(encodeStream(toAsync(original), context))).join('')
  const again = await collectStream(decodeStream(bytesOf(wire)))
  const first = await collectStream(toAsync(original))
  expect({ ...again, id: '', model: '' }).toEqual({ ...first, id: '', model: '' })
})
