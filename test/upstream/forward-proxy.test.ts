import { describe, expect, test } from 'bun:test'
import { usesForwardProxy } from '../../src/upstream/forward-proxy.ts'

const PROXY = 'http://proxy.internal:3128'
const routed = (url: string, env: Record<string, string>) => usesForwardProxy(new URL(url), env)

describe('usesForwardProxy (as Bun 1.4 routes fetch)', () => {
  test('https goes through HTTPS_PROXY or ALL_PROXY, http through HTTP_PROXY or ALL_PROXY, in either case spelling', () => {
    expect(routed('https://api.example.com/', {})).toBe(false)
    expect(routed('https://api.example.com/', { HTTPS_PROXY: PROXY })).toBe(true)
    expect(routed('https://api.example.com/', { https_proxy: PROXY })).toBe(true)
    expect(routed('https://api.example.com/', { HTTP_PROXY: PROXY })).toBe(false)
    expect(routed('http://ollama.lan:11434/', { HTTP_PROXY: PROXY })).toBe(true)
    expect(routed('http://ollama.lan:11434/', { HTTPS_PROXY: PROXY })).toBe(false)
    expect(routed('http://ollama.lan:11434/', { all_proxy: PROXY })).toBe(true)
    expect(routed('https://api.example.com/', { ALL_PROXY: PROXY })).toBe(true)
  })

  test('a host NO_PROXY lists goes direct: the host or a name under it, any case, a leading dot or *., a matching port, or *', () => {
    const direct = (host: string, noProxy: string) => !routed(`http://${host}/`, { HTTP_PROXY: PROXY, NO_PROXY: noProxy })
    expect(direct('ollama.lan:11434', 'ollama.lan')).toBe(true)
    expect(direct('gpu.ollama.lan:11434', 'ollama.lan')).toBe(true)
    expect(direct('gpu.ollama.lan', '.ollama.lan')).toBe(true)
    expect(direct('ollama.lan', '.ollama.lan')).toBe(true)
    expect(direct('gpu.ollama.lan', '*.ollama.lan')).toBe(true)
    expect(direct('ollama.lan', 'OLLAMA.LAN')).toBe(true)
    expect(direct('ollama.lan:11434', 'ollama.lan:11434')).toBe(true)
    expect(direct('ollama.lan', 'other.lan, ollama.lan ')).toBe(true)
    expect(direct('ollama.lan', '*')).toBe(true)
    expect(!routed('http://ollama.lan/', { HTTP_PROXY: PROXY, no_proxy: 'ollama.lan' })).toBe(true)
    // Not a suffix at a label boundary, another port, or nothing listed: through the proxy.
    expect(direct('myollama.lan', 'ollama.lan')).toBe(false)
    expect(direct('ollama.lan:11434', 'ollama.lan:8080')).toBe(false)
    expect(direct('ollama.lan', '')).toBe(false)
  })
})
