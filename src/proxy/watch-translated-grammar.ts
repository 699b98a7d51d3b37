/**
 * The client-stream grammar guard on translated streams (core/stream/watch-client-grammar.ts):
 * what the source encoder emits is checked against the client protocol's grammar (its codec's
 * checker) as it goes, and each violation becomes a 'stream-grammar-violation' warning in the
 * log row. The stream itself is never changed, delayed or cut: a violation is a bridge bug to
 * find, not the client's outage.
 */
import type { WarningSink } from '../core/model/index.ts'
import type { EncodeContext, ProtocolCodec } from '../core/protocols/codec.ts'
import { watchClientGrammar } from '../core/stream/watch-client-grammar.ts'

export const STREAM_GRAMMAR_VIOLATION = 'stream-grammar-violation'

/** Says, stream by stream, whether this one is checked: the 1st, the (N+1)th, … (0 = none). */
export function everyNth(every: number): () => boolean {
  let seen = 0
  return () => every > 0 && seen++ % every === 0
}

export function watchTranslatedGrammar<Chunk extends string | Uint8Array>(
  source: ProtocolCodec,
  chunks: AsyncIterable<Chunk>,
  encodeContext: EncodeContext,
  warnings: WarningSink,
  sampled = true,
): AsyncIterable<Chunk> {
  if (!sampled) return chunks
  const check = source.stream.grammarCheck?.(encodeContext)
  if (check === undefined) return chunks
  // Pushed, not add()ed: the sink keeps one warning per code, and each violation names its own frame.
  return watchClientGrammar(chunks, check, (violation) => warnings.items.push({ code: STREAM_GRAMMAR_VIOLATION, message: violation }))
}
