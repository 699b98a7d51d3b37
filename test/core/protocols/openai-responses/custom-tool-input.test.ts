import { describe, expect, test } from 'bun:test'
import { CustomInputStream, inputOfArguments } from '../../../../src/core/protocols/openai-responses/custom-tool-input.ts'

function streamed(args: string, size: number): { pieces: string[]; input: string } {
  const reader = new CustomInputStream()
  const pieces: string[] = []
  for (let offset = 0; offset < args.length; offset += size) pieces.push(reader.push(args.slice(offset, offset + size)))
  pieces.push(reader.end())
  return { pieces: pieces.filter((piece) => piece !== ''), input: reader.input }
}

describe('custom tool input from streamed {"input": …} arguments', () => {
  const raw = '*** Begin Patch\n+const s = "a\\tb" // é 😀\n*** End Patch'
  const args = JSON.stringify({ input: raw })

  test('every split of the arguments, escapes and \\u sequences included, gives the raw input', () => {
    for (const size of [1, 2, 3, 5, 8, 1000]) expect(streamed(args, size).input).toBe(raw)
    expect(streamed(JSON.stringify({ input: 'emoji \ud83d\ude00' }).replace('😀', '\\ud83d\\ude00'), 1).input).toBe('emoji 😀')
  })

  test('the input streams while the arguments arrive, not at the end', () => {
    expect(streamed(args, 4).pieces.length).toBeGreaterThan(5)
  })

  test('whitespace in the opening is accepted', () => {
    expect(streamed('{ "input" :  "abc" }', 2).input).toBe('abc')
  })

  test('arguments of another shape are given as text at the end', () => {
    expect(streamed('{"patch":"x"}', 3)).toEqual({ pieces: ['{"patch":"x"}'], input: '{"patch":"x"}' })
    expect(inputOfArguments('not json')).toBe('not json')
    expect(inputOfArguments('{"input":"x"}')).toBe('x')
  })
})
