/**
 * An upstream that fails in the middle of its answer: the connection closes without the end of
 * the body (a real socket drop from the fault upstream), after some of the answer was sent.
 */
import type { FaultReply } from '../../support/fault-upstream.ts'

/** The stream's events up to and including the first one `isText` picks, then the connection drops. */
export function cutStreamReply<Event extends string | Uint8Array>(events: Event[], isText: (event: Event) => boolean, headers: Record<string, string> = {}): FaultReply {
  const firstText = events.findIndex(isText)
  if (firstText === -1) throw new Error('a broken stream needs an answer with text')
  return { status: 200, headers, events: events.slice(0, firstText + 1), dropAfterEvents: firstText + 1 }
}

/** The first half of a JSON body, then the connection drops. */
export function cutJsonReply(body: string): FaultReply {
  const half = Math.floor(body.length / 2)
  return { status: 200, headers: { 'content-type': 'application/json' }, events: [body.slice(0, half), body.slice(half)], dropAfterEvents: 1 }
}
