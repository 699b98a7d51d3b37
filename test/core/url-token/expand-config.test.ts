import { describe, expect, test } from 'bun:test'
import { compactConfig } from '../../../src/core/url-token/compact-config.ts'
import { expandConfig } from '../../../src/core/url-token/expand-config.ts'

const valid = { i: 'abc', s: 'a', t: 'o', u: 'https://x', a: { b: 'k' } }

describe('token config shape check', () => {
  test('accepts the minimal compact form and fills the defaults', () => {
    expect(expandConfig(valid)).toEqual({
      tokenId: 'abc',
      source: { protocol: 'anthropic' },
      target: { protocol: 'openai', baseUrl: 'https://x', auth: { type: 'bearer', token: 'k' } },
      model: { mode: 'passthrough' },
      endpoints: { mode: 'auto' },
    })
  })

  test('accepts a full protocol id where no short code exists', () => {
    expect(expandConfig({ ...valid, t: 'gemini' })?.target.protocol).toBe('gemini')
  })

  test.each([
    ['not an object', 'x'],
    ['an array', [valid]],
    ['missing token id', { ...valid, i: undefined }],
    ['empty token id', { ...valid, i: '' }],
    ['unknown protocol', { ...valid, s: 'cohere' }],
    ['numeric base URL', { ...valid, u: 5 }],
    ['unknown auth shape', { ...valid, a: { q: 'k' } }],
    ['aws auth without region', { ...valid, a: { w: 'AKIA', s: 'secret' } }],
    ['bad model mode', { ...valid, m: 'z' }],
    ['non-string map value', { ...valid, mm: { a: 1 } }],
    ['boolean strip flag', { ...valid, ms: true }],
    ['fractional expiry', { ...valid, x: 1.5 }],
    ['retry with one number', { ...valid, r: [3] }],
    ['bad endpoint mode', { ...valid, e: 'q' }],
  ])('rejects %s', (_name, value) => {
    expect(expandConfig(value)).toBeUndefined()
  })

  test('drops defaults from the compact form', () => {
    const compact = compactConfig({
      tokenId: 't',
      source: { protocol: 'openai' },
      target: { protocol: 'anthropic', baseUrl: 'https://a', auth: { type: 'none' } },
      model: { mode: 'passthrough' },
      endpoints: { mode: 'auto' },
    })
    expect(compact).toEqual({ i: 't', s: 'o', t: 'a', u: 'https://a' })
  })
})
