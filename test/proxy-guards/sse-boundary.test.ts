import { describe, expect, test } from 'bun:test'
import { SseBoundary } from '../../src/proxy-guards/sse-boundary.ts'

function after(...chunks: string[]): boolean {
  const boundary = new SseBoundary()
  for (const chunk of chunks) boundary.observe(new TextEncoder().encode(chunk))
  return boundary.atBoundary
}

describe('SseBoundary', () => {
  test('before any byte, and after a blank line in each line-ending style', () => {
    expect(after()).toBe(true)
    expect(after('data: a\n\n')).toBe(true)
    expect(after('data: a\r\n\r\n')).toBe(true)
    expect(after('data: a\r\r')).toBe(true)
  })

  test('inside an event: mid-line, or after a single line end', () => {
    expect(after('data: a')).toBe(false)
    expect(after('event: x\n')).toBe(false)
    expect(after('data: a\r\n')).toBe(false)
  })

  test('a blank line split across chunks still counts', () => {
    expect(after('data: a\n', '\n')).toBe(true)
    expect(after('data: a\r\n\r', '\n')).toBe(true)
    expect(after('data: a\n\n', 'event: b')).toBe(false)
  })
})
