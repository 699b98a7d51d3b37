import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../src/core/errors.ts'
import { mapModel } from '../../src/proxy/map-model.ts'

describe('mapModel', () => {
  test('force replaces any model', () => {
    expect(mapModel({ mode: 'force', force: 'gpt-4o' }, 'claude-sonnet-4-5')).toBe('gpt-4o')
  })

  test('passthrough keeps the model', () => {
    expect(mapModel({ mode: 'passthrough' }, 'claude-sonnet-4-5')).toBe('claude-sonnet-4-5')
  })

  test('map: exact key wins over prefixes, the longest prefix wins, unknown models pass unchanged', () => {
    const policy = { mode: 'map' as const, map: { 'claude-*': 'a', 'claude-opus-*': 'b', 'claude-opus-4': 'c', '*': 'z' } }
    expect(mapModel(policy, 'claude-opus-4')).toBe('c')
    expect(mapModel(policy, 'claude-opus-4-1')).toBe('b')
    expect(mapModel(policy, 'claude-haiku-4-5')).toBe('a')
    expect(mapModel(policy, 'gpt-4o')).toBe('z')
    expect(mapModel({ mode: 'map', map: { 'claude-*': 'a' } }, 'gpt-4o')).toBe('gpt-4o')
  })

  test("Claude Code's [1m] suffix is stripped before mapping (LESSONS #17)", () => {
    expect(mapModel({ mode: 'passthrough', stripClientSuffix: true }, 'claude-sonnet-4-5[1m]')).toBe('claude-sonnet-4-5')
    expect(mapModel({ mode: 'map', map: { 'claude-sonnet-4-5': 'x' }, stripClientSuffix: true }, 'claude-sonnet-4-5[1m]')).toBe('x')
    expect(mapModel({ mode: 'passthrough' }, 'claude-sonnet-4-5[1m]')).toBe('claude-sonnet-4-5[1m]')
  })

  test('a model name with CR, LF or NUL is rejected as invalid JSON input', () => {
    for (const bad of ['a\r\nb', 'a\nb', 'a\0b']) {
      const error = (() => { try { mapModel({ mode: 'passthrough' }, bad) } catch (e) { return e } })()
      expect(error).toBeInstanceOf(BridgeError)
      expect((error as BridgeError).code).toBe('INVALID_JSON')
      expect((error as BridgeError).status).toBe(400)
    }
  })
})
