/**
 * An exact tokenizer's work, bounded per request. js-tiktoken runs on the server's one thread and
 * its cost depends on the script: ~0.1 µs per character of English, ~30 µs per character of
 * Chinese or Japanese, and quadratic in a run of one character class (10,000 `a` took 7 s). So a
 * long run is counted in slices, a long text in chunks cut where the tokenizer would cut anyway
 * (before the space that starts a word), and once a request's counting has taken BUDGET_MS the
 * rest is estimated: a count_tokens call can never hold the proxy's streams for long.
 */
import type { TextCounter } from './estimate-tokens.ts'
import { estimateTextTokens } from './estimate-text-tokens.ts'

export const BUDGET_MS = 200
/** Runs of one class this long are counted in slices of RUN_SLICE characters (within a token per slice). */
const LONG_RUN = /\s{128,}|[\p{L}\p{M}]{128,}|[^\s\p{L}\p{M}\p{N}]{128,}/gu
const RUN_SLICE = 64
/** Texts are encoded in chunks of about this many characters, so the budget is checked between them. */
const CHUNK = 4096

export type BudgetedCounter = {
  count: TextCounter
  /** Whether part of the request was estimated because the budget ran out. */
  estimated: () => boolean
}

export function budgetedCounter(exact: TextCounter, budgetMs: number = BUDGET_MS, now: () => number = performance.now.bind(performance)): BudgetedCounter {
  const deadline = now() + budgetMs
  let over = false
  const piece = (text: string): number => {
    if (!over && now() > deadline) over = true
    return over ? estimateTextTokens(text) : exact(text)
  }
  return { count: (text) => countInPieces(text, piece), estimated: () => over }
}

/** `text` counted piece by piece: long runs in slices, the rest in chunks cut before a word's space. */
export function countInPieces(text: string, count: TextCounter): number {
  let total = 0
  let from = 0
  for (const run of text.matchAll(LONG_RUN)) {
    total += countInChunks(text.slice(from, run.index), count)
    for (let at = 0; at < run[0].length; at += RUN_SLICE) total += count(run[0].slice(at, at + RUN_SLICE))
    from = run.index + run[0].length
  }
  return total + countInChunks(text.slice(from), count)
}

function countInChunks(text: string, count: TextCounter): number {
  if (text === '') return 0
  let total = 0
  let from = 0
  while (text.length - from > CHUNK) {
    const cut = chunkEnd(text, from + CHUNK)
    if (cut === undefined) break
    total += count(text.slice(from, cut))
    from = cut
  }
  return total + count(text.slice(from))
}

/** The first index at or after `at` where a space follows a non-space (a word's leading space starts the next chunk). */
function chunkEnd(text: string, at: number): number | undefined {
  for (let i = Math.max(at, 1); i < text.length; i++) {
    if (text[i] === ' ' && text[i - 1] !== ' ' && text[i - 1] !== '\n') return i
  }
  return undefined
}
