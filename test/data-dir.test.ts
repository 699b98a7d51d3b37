import { afterAll, describe, expect, test } from 'bun:test'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openToken, sealToken } from '../src/core/url-token/index.ts'
import type { ProxyConfig } from '../src/core/proxy-config.ts'
import { decodeSecretText, openDataDir } from '../src/data-dir.ts'

const root = await mkdtemp(join(tmpdir(), 'llm-bridge-data-dir-'))
afterAll(() => rm(root, { recursive: true, force: true }))
let counter = 0
const freshDir = () => join(root, `d${counter++}`, 'data')

function collect(): { lines: string[]; say: (line: string) => void } {
  const lines: string[] = []
  return { lines, say: (line) => lines.push(line) }
}

const mode = async (path: string) => (await stat(path)).mode & 0o777

const config: ProxyConfig = {
  tokenId: 'data_dir_t01',
  source: { protocol: 'openai' },
  target: { protocol: 'anthropic', baseUrl: 'https://api.anthropic.com', auth: { type: 'x-api-key', token: 'k' } },
  model: { mode: 'passthrough' },
  endpoints: { mode: 'auto' },
}

describe('openDataDir', () => {
  test('first start creates the directory, a 32-byte secret and an admin key, all private', async () => {
    const dir = freshDir()
    const { lines, say } = collect()
    const opened = await openDataDir(dir, {}, say)
    expect(opened.dataDir).toBe(dir)
    expect(await mode(dir)).toBe(0o700)
    expect(await mode(join(dir, 'secret.key'))).toBe(0o600)
    expect(await mode(join(dir, 'admin.key'))).toBe(0o600)
    expect(opened.serverSecret.length).toBe(32)
    expect(Array.from(await readFile(join(dir, 'secret.key')))).toEqual(Array.from(opened.serverSecret))
    expect(opened.keyRing).toEqual({ current: 1, keys: new Map([[1, opened.serverSecret]]) })
    expect(opened.adminKey).toMatch(/^lba_[A-Za-z0-9_-]{43}$/)
    // Says where the secret went (never its content) and prints the admin key once.
    expect(lines.length).toBe(2)
    expect(lines[0]).toContain(join(dir, 'secret.key'))
    expect(lines.join('\n')).not.toContain(Buffer.from(opened.serverSecret).toString('hex'))
    expect(lines.join('\n')).not.toContain(Buffer.from(opened.serverSecret).toString('base64'))
    expect(lines[1]).toContain(opened.adminKey)
    expect(lines[1]).toContain(join(dir, 'admin.key'))
  })

  test('a second start reuses everything and prints nothing, so old URLs still open', async () => {
    const dir = freshDir()
    const first = await openDataDir(dir, {}, () => {})
    const token = await sealToken(config, first.keyRing)
    const { lines, say } = collect()
    const second = await openDataDir(dir, {}, say)
    expect(lines).toEqual([])
    expect(second.serverSecret).toEqual(first.serverSecret)
    expect(second.adminKey).toBe(first.adminKey)
    expect((await openToken(token, second.keyRing)).tokenId).toBe('data_dir_t01')
  })

  test('LLM_BRIDGE_SECRET replaces the secret file, in hex, base64 and base64url', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(32))
    const b64 = Buffer.from(secret).toString('base64')
    for (const text of [Buffer.from(secret).toString('hex'), b64, b64.replaceAll('+', '-').replaceAll('/', '_').replace(/=$/, '')]) {
      const dir = freshDir()
      const { lines, say } = collect()
      const opened = await openDataDir(dir, { LLM_BRIDGE_SECRET: text }, say)
      expect(opened.serverSecret).toEqual(secret)
      expect(opened.keyRing.keys.get(1)).toEqual(secret)
      expect(await Bun.file(join(dir, 'secret.key')).exists()).toBe(false)
      expect(lines.join('\n')).not.toContain(text)
    }
  })

  test('a malformed LLM_BRIDGE_SECRET is refused without echoing it', async () => {
    for (const bad of ['abc', 'ab'.repeat(31), Buffer.alloc(31).toString('base64'), 'z'.repeat(64)]) {
      const run = openDataDir(freshDir(), { LLM_BRIDGE_SECRET: bad }, () => {})
      await expect(run).rejects.toThrow('LLM_BRIDGE_SECRET must be 32 bytes')
      await run.catch((error: Error) => expect(error.message).not.toContain(bad))
    }
  })

  test('a secret file of the wrong length is refused', async () => {
    const dir = freshDir()
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'secret.key'), new Uint8Array(16), { mode: 0o600 })
    await expect(openDataDir(dir, {}, () => {})).rejects.toThrow(`${join(dir, 'secret.key')} must hold exactly 32 bytes`)
  })

  test('a secret file readable by others is refused with the chmod to run', async () => {
    const dir = freshDir()
    await openDataDir(dir, {}, () => {})
    await chmod(join(dir, 'secret.key'), 0o644)
    await expect(openDataDir(dir, {}, () => {})).rejects.toThrow(`(mode 0644); run: chmod 600 ${join(dir, 'secret.key')}`)
  })

  test('an unreadable secret file is refused with its path', async () => {
    const dir = freshDir()
    await mkdir(join(dir, 'secret.key'), { recursive: true, mode: 0o700 })
    await expect(openDataDir(dir, {}, () => {})).rejects.toThrow(`Cannot read ${join(dir, 'secret.key')} (EISDIR)`)
  })

  test('a hex secret file written by hand is accepted', async () => {
    const dir = freshDir()
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'secret.key'), `${'ab'.repeat(32)}\n`, { mode: 0o600 })
    expect((await openDataDir(dir, {}, () => {})).serverSecret).toEqual(new Uint8Array(32).fill(0xab))
  })

  test('keys/<n>.key rotates: the highest id seals, older keys still open their URLs', async () => {
    const dir = freshDir()
    const first = await openDataDir(dir, {}, () => {})
    const old = await sealToken(config, first.keyRing)
    await mkdir(join(dir, 'keys'), { mode: 0o700 })
    await writeFile(join(dir, 'keys', '2.key'), crypto.getRandomValues(new Uint8Array(32)), { mode: 0o600 })
    await writeFile(join(dir, 'keys', 'README'), 'ignored')
    const rotated = await openDataDir(dir, {}, () => {})
    expect(rotated.keyRing.current).toBe(2)
    expect([...rotated.keyRing.keys.keys()].sort()).toEqual([1, 2])
    expect((await openToken(old, rotated.keyRing)).tokenId).toBe('data_dir_t01')
    const fresh = await sealToken(config, rotated.keyRing)
    expect((await openToken(fresh, { current: 2, keys: new Map([[2, rotated.keyRing.keys.get(2) as Uint8Array]]) })).tokenId).toBe('data_dir_t01')
  })

  test('a key file named for id 1 or beyond 65535 is refused', async () => {
    const dir = freshDir()
    await mkdir(join(dir, 'keys'), { recursive: true })
    await writeFile(join(dir, 'keys', '1.key'), new Uint8Array(32), { mode: 0o600 })
    await expect(openDataDir(dir, {}, () => {})).rejects.toThrow('must be named 2.key to 65535.key')
  })

  test('decodeSecretText accepts exactly 32 bytes', () => {
    expect(decodeSecretText('00'.repeat(32))?.length).toBe(32)
    expect(decodeSecretText('00'.repeat(33))).toBeUndefined()
    expect(decodeSecretText(Buffer.alloc(33).toString('base64'))).toBeUndefined()
  })
})
