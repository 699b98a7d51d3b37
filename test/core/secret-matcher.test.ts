import { describe, expect, test } from 'bun:test'
import fc from 'fast-check'
import { SecretMatcher, secretPart } from '../../src/core/secret-matcher.ts'
import type { StreamEvent } from '../../src/core/model/index.ts'
import { EventRedactor } from '../../src/proxy/redact-events.ts'
import { secretForms } from '../../src/proxy/secret-forms.ts'

const KEY = 'sk-proj-Ab3dEf9hIjKlMn0pQrStUvWx'
const matcher = new SecretMatcher([KEY])
const redact = (text: string): string => matcher.redact(text, '#')

describe('which spellings are found', () => {
  test('the secret part is the key without its public vendor prefix, when enough remains', () => {
    expect(secretPart(KEY)).toBe('Ab3dEf9hIjKlMn0pQrStUvWx')
    expect(secretPart('sk-ant-api03-0123456789abcdefXYZ')).toBe('0123456789abcdefXYZ')
    expect(secretPart('gsk_0123456789abcdef0123')).toBe('0123456789abcdef0123')
    // A shape-less key, or one with too little after a "prefix", is all secret.
    expect(secretPart('Zx81bq0-aa')).toBe('Zx81bq0-aa')
    expect(secretPart('abc-0123456789')).toBe('abc-0123456789')
  })

  test('exact, any case, JSON-escaped and URL-encoded', () => {
    expect(redact(`a ${KEY} b`)).toBe('a # b')
    expect(redact(`a ${KEY.toUpperCase()} b ${KEY.toLowerCase()}`)).toBe('a # b #')
    const odd = new SecretMatcher(['k"ey/é+12345678'])
    expect(odd.redact(`${JSON.stringify('k"ey/é+12345678')} ${encodeURIComponent('k"ey/é+12345678')}`, '#')).toBe('"#" #')
  })

  test('base64 and base64url at every alignment inside an encoded string', () => {
    for (const before of ['', 'u', 'us', 'user:', 'Bearer ']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const encoded = Buffer.from(`${before}${KEY}!?>`).toString(encoding)
        expect({ before, encoding, found: matcher.contains(encoded) }).toEqual({ before, encoding, found: true })
      }
    }
  })

  test('8+ leading characters of the secret part, extended as far as the text spells the key', () => {
    // With its public prefix the key's own spelling matches from its 16th character on: all of it goes.
    expect(redact('sk-proj-Ab3dEf9h...')).toBe('#...')
    expect(redact('key sk-proj-AB3DEF9HIJ and more')).toBe('key # and more')
    expect(redact('proj-Ab3dEf9hI')).toBe('proj-#')
    expect(redact('Ab3dEf9hIjKlMn0pQrStUvWxyz')).toBe('#yz')
    // Seven characters are not a leak; the public prefix alone is nothing.
    expect(redact('sk-proj-Ab3dEf9 sk-proj-')).toBe('sk-proj-Ab3dEf9 sk-proj-')
  })

  test('a long key (a 3,000-character token) is found whole, in any case and cut short, by the same short scan', () => {
    const long = `eyJ${'aB3xZ9-_'.repeat(375)}`
    const longMatcher = new SecretMatcher([long])
    expect(longMatcher.redact(`a ${long.toUpperCase()} b`, '#')).toBe('a # b')
    expect(longMatcher.redact(`a ${long.slice(0, 40)}… b`, '#')).toBe('a #… b')
    expect(longMatcher.contains(Buffer.from(`user:${long}`).toString('base64'))).toBe(true)
  })

  test('ordinary text is left alone, and the very string comes back', () => {
    const text = 'The quick brown fox: sk-proj-other0000000000000000 {"a":[1,2]} Zm9vYmFy'
    expect(matcher.redact(text, '#')).toBe(text)
    expect(matcher.contains(text)).toBe(false)
  })

  test('holdFrom: only a tail that may begin a match, or a match that reaches the end', () => {
    expect(matcher.holdFrom('data: {"x":1}\n\n', [])).toBe(15)
    expect(matcher.holdFrom('hello sk-proj-Ab', [])).toBe(6)
    expect(matcher.holdFrom('hello ab3d', [])).toBe(6)
    // A cut-short match at the end may go on; so may the whole key it begins.
    const partial = 'x Ab3dEf9hIj'
    expect(matcher.holdFrom(partial, matcher.find(partial))).toBe(2)
    const prefixed = 'x sk-proj-Ab3dEf9hIj'
    expect(matcher.holdFrom(prefixed, matcher.find(prefixed))).toBe(2)
    const complete = `x ${KEY} y`
    expect(matcher.holdFrom(complete, matcher.find(complete))).toBe(complete.length)
  })
})

describe('translated deltas (EventRedactor)', () => {
  const forms = secretForms([KEY])
  const text = (events: StreamEvent[], index: number): string =>
    events.map((event) => (event.type === 'text-delta' && event.index === index ? event.text : event.type === 'tool-call-delta' && event.index === index ? event.argumentsDelta : '')).join('')

  test('whatever the split across deltas, each block reads as if redacted in one piece', () => {
    const piece = fc.constantFrom('lorem ', KEY, KEY.toUpperCase(), 'sk-proj-', 'Ab3dEf9', 'Ab3dEf9hIj', '"}', 'é🎉', ' ')
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 20 }), (pieces, cuts) => {
        const whole = pieces.join('')
        const points = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].sort((a, b) => a - b)
        const parts = [0, ...points, whole.length].slice(1).map((end, i, ends) => whole.slice(i === 0 ? 0 : ends[i - 1], end))
        const redactor = new EventRedactor(forms)
        const out: StreamEvent[] = []
        redactor.push({ type: 'text-start', index: 0 }, out)
        redactor.push({ type: 'tool-call-start', index: 1, id: 't', name: 'f' }, out)
        for (const part of parts) {
          redactor.push({ type: 'text-delta', index: 0, text: part }, out)
          redactor.push({ type: 'tool-call-delta', index: 1, argumentsDelta: part }, out)
        }
        redactor.push({ type: 'text-end', index: 0 }, out)
        redactor.push({ type: 'response-end', finishReason: { kind: 'stop' } }, out)
        const expected = new SecretMatcher([KEY]).redact(whole, '[redacted]')
        expect(text(out, 0)).toBe(expected)
        expect(text(out, 1)).toBe(expected)
        // Held text is released before its block's end and before the stream's end.
        expect(out.findIndex((event) => event.type === 'text-end')).toBeGreaterThan(out.findLastIndex((event) => event.type === 'text-delta'))
        expect(out.at(-1)?.type).toBe('response-end')
      }),
      { numRuns: 300 },
    )
  })

  test('a delta without the key passes as the very event, at once', () => {
    const redactor = new EventRedactor(forms)
    const event: StreamEvent = { type: 'text-delta', index: 0, text: 'Hello, world.\n' }
    const out: StreamEvent[] = []
    redactor.push(event, out)
    expect(out).toEqual([event])
    expect(out[0]).toBe(event)
  })
})
