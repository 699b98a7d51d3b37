import { describe, expect, test } from 'bun:test'
import { parseAllowHost } from '../../../src/upstream/egress/index.ts'

describe('parseAllowHost', () => {
  test('reads host, host:port, bracketed and bare IPv6, and CIDR entries', () => {
    expect(parseAllowHost('ollama.lan')).toMatchObject({ kind: 'host', host: 'ollama.lan' })
    expect(parseAllowHost('OLLAMA.lan.:11434')).toMatchObject({ kind: 'host', host: 'ollama.lan', port: 11434 })
    expect(parseAllowHost('127.1:8080')).toMatchObject({ kind: 'host', host: '127.0.0.1', port: 8080 })
    expect(parseAllowHost('[::1]:11434')).toMatchObject({ kind: 'host', host: '[::1]', port: 11434 })
    expect(parseAllowHost('fd00::5')).toMatchObject({ kind: 'host', host: '[fd00::5]' })
    expect(parseAllowHost('192.168.1.0/24')).toMatchObject({ kind: 'cidr', range: { prefix: 24 } })
    expect(parseAllowHost('fd00::/8')).toMatchObject({ kind: 'cidr', range: { prefix: 8 } })
  })

  test.each([
    ['', 'it is empty'],
    ['http://127.0.0.1:11434', 'not a URL'],
    ['10.0.0.0/33', 'CIDR'],
    ['10.0.0/8', 'CIDR'],
    ['host:0', 'port'],
    ['host:70000', 'port'],
    ['host:abc', 'expected host'],
    ['bad host!', 'host name'],
    ['[::1', 'host'],
  ])('rejects %p naming the entry', (entry, why) => {
    expect(() => parseAllowHost(entry)).toThrow(`Invalid allow-host entry "${entry}"`)
    expect(() => parseAllowHost(entry)).toThrow(why)
  })
})
