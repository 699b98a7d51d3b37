import { describe, expect, test } from 'bun:test'
import { budgetedCounter, countInPieces } from '../../../src/core/tokens/budgeted-counter.ts'
import { estimateTextTokens } from '../../../src/core/tokens/estimate-text-tokens.ts'
import { loadOpenaiTokenizer } from '../../../src/core/tokens/openai-tokenizer.ts'

/** A counter that records what it was handed (one token per character). */
function recording(): { count: (text: string) => number; pieces: string[] } {
  const pieces: string[] = []
  return { pieces, count: (text) => (pieces.push(text), text.length) }
}

describe('the tokenizer is never handed a piece it is slow on', () => {
  test('a long run of one character (the quadratic case: 10,000 `a` took 7 s whole) goes in slices of 64', () => {
    const { count, pieces } = recording()
    for (const run of ['a'.repeat(100_000), ' '.repeat(50_000), '='.repeat(50_000)]) {
      pieces.length = 0
      expect(countInPieces(`start ${run} end`, count)).toBe(run.length + 10)
      expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(64)
    }
  })

  test('a long text goes in chunks of about 4 KB cut before a word\'s leading space', () => {
    const { count, pieces } = recording()
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(2_000)
    expect(countInPieces(text, count)).toBe(text.length)
    expect(pieces.length).toBeGreaterThan(20)
    expect(pieces.every((piece) => piece.length <= 4_200)).toBe(true)
    expect(pieces.slice(1).every((piece) => piece.startsWith(' '))).toBe(true)
  })
})

describe('the count stays exact where text is ordinary', async () => {
  const exact = await loadOpenaiTokenizer('o200k_base')
  test('prose, code and CJK cut into chunks count as the whole does', () => {
    const prose = 'The quick brown fox jumps over the lazy dog, then naps. '.repeat(400)
    const code = Array.from({ length: 300 }, (_, i) => `const value${i} = compute(${i}, "text ${i}") // note ${i}\n`).join('')
    const cjk = '我们今天讨论一下这个问题的解决方案，包括技术选型。'.repeat(60)
    for (const text of [prose, code, cjk, `${prose}${'a'.repeat(1_500)} tail`]) expect(countInPieces(text, exact)).toBe(exact(text))
  })
})

describe('a request\'s counting is bounded in time', () => {
  test('once the budget is spent the rest is estimated, and the count says so', () => {
    let clock = 0
    const { count: exact, pieces } = recording()
    const counter = budgetedCounter(exact, 200, () => clock)
    expect(counter.count('first part')).toBe(10)
    expect(counter.estimated()).toBe(false)
    clock = 250
    const late = 'second part, after the budget'
    expect(counter.count(late)).toBe(estimateTextTokens(late))
    expect(pieces).toEqual(['first part'])
    expect(counter.estimated()).toBe(true)
  })
})
