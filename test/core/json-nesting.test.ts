import { describe, expect, test } from 'bun:test'
import { exceedsJsonNesting, MAX_JSON_NESTING } from '../../src/core/json-nesting.ts'

const nested = (depth: number, open = '{"a":', close = '}'): unknown => JSON.parse(open.repeat(depth) + '1' + close.repeat(depth))

/** The depth by definition, recursively (fine for the small values here). */
const depthOf = (value: unknown): number => (typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0)

describe('JSON nesting check', () => {
  test('a value exactly at the limit passes; one level more does not, for objects and arrays', () => {
    expect(exceedsJsonNesting(nested(MAX_JSON_NESTING))).toBe(false)
    expect(exceedsJsonNesting(nested(MAX_JSON_NESTING + 1))).toBe(true)
    expect(exceedsJsonNesting(nested(MAX_JSON_NESTING, '[', ']'))).toBe(false)
    expect(exceedsJsonNesting(nested(MAX_JSON_NESTING + 1, '[', ']'))).toBe(true)
  })

  test('depth is the deepest point, not the number of containers: wide values pass', () => {
    const wide = JSON.parse(`[${Array.from({ length: 5000 }, () => '{"a":[1,2,{"b":3}]}').join(',')}]`)
    expect(exceedsJsonNesting(wide, 4)).toBe(false)
    expect(exceedsJsonNesting(wide, 3)).toBe(true)
  })

  test('one deep branch among shallow ones is found, in any position', () => {
    const deepBranch = (at: number): unknown => Array.from({ length: 5 }, (_, i) => (i === at ? { x: nested(20) } : { x: [1] }))
    for (let at = 0; at < 5; at++) {
      expect(exceedsJsonNesting(deepBranch(at), 22)).toBe(false)
      expect(exceedsJsonNesting(deepBranch(at), 21)).toBe(true)
    }
  })

  test('50,000 levels are refused without recursion (no stack overflow)', () => {
    expect(exceedsJsonNesting(nested(50_000))).toBe(true)
  })

  test('agrees with the recursive definition of depth', () => {
    for (const text of ['1', '"[["', '[]', '{}', '[[],[[]]]', '{"a":{"b":[{"c":"]]"}]}}', '[{"x":"\\\\"},[[["\\""]]]]', '{"__proto__":{"a":[]}}']) {
      const value: unknown = JSON.parse(text)
      const depth = depthOf(value)
      expect(exceedsJsonNesting(value, depth)).toBe(false)
      if (depth > 0) expect(exceedsJsonNesting(value, depth - 1)).toBe(true)
    }
  })
})
