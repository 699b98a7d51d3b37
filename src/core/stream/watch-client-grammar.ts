/**
 * The runtime guard on what clients receive: wraps
 * the encoded client stream, passes every chunk through unchanged and reports grammar
 * violations as they happen. It never changes, delays or ends the stream — a violation is a bug
 * in the bridge to log, and cutting the client off would turn a cosmetic bug into an outage.
 * Cost: one JSON.parse per emitted event plus O(1) state; tool arguments are kept per call to
 * check they parse at the end.
 */
import { type GrammarCheck, SseFrameSplitter } from './grammar-check.ts'

/** After this many reports a broken stream stays quiet: one bug must not flood the log. */
export const MAX_REPORTED_VIOLATIONS = 10

export async function* watchClientGrammar<Chunk extends string | Uint8Array>(
  chunks: AsyncIterable<Chunk>,
  check: GrammarCheck,
  report: (violation: string) => void,
): AsyncGenerator<Chunk> {
  const splitter = new SseFrameSplitter()
  const decoder = new TextDecoder()
  let reported = 0
  const flush = (): void => {
    while (reported < check.violations.length && reported < MAX_REPORTED_VIOLATIONS) report(check.violations[reported++]!)
  }
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    for (const frame of splitter.push(text)) check.push(frame)
    flush()
    yield chunk
  }
  // Only a stream that ran to its end is judged complete; a client that left ends it early (return()).
  check.end()
  flush()
}
