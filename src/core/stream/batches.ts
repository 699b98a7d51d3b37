/**
 * Codecs decode and encode streams in batches (one array of events per upstream chunk). These
 * convert between batches and single events where a caller wants one or the other.
 */
import type { StreamEvent } from '../model/index.ts'

export async function* flattenBatches(batches: AsyncIterable<readonly StreamEvent[]>): AsyncGenerator<StreamEvent> {
  for await (const batch of batches) yield* batch
}

/** Each event as a batch of its own (an encoder then writes one chunk per event). */
export async function* eventsAsBatches(events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>): AsyncGenerator<StreamEvent[]> {
  for await (const event of events) yield [event]
}
