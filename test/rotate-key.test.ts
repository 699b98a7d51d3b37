/**
 * Key rotation: `llm-bridge rotate-key` adds a key that seals URLs after the next start, keeps the
 * old keys (their URLs go on working), and with --retire-old ends the URLs sealed with them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseServerConfig } from '../src/config-parse.ts'
import { openDataDir } from '../src/data-dir.ts'
import { rotateKey } from '../src/rotate-key.ts'
import { startMockUpstream, type MockUpstream } from './support/mock-upstream.ts'
import { startTokenServer, type TokenServer } from './token-registry/token-server.ts'

const MAIN = join(import.meta.dir, '..', 'src', 'main.ts')

let root: string
let mock: MockUpstream
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lb-rotate-'))
  mock = startMockUpstream(() => ({ json: { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] } }))
})
afterAll(async () => {
  mock.stop()
  await rm(root, { recursive: true, force: true })
})

let counter = 0
const freshDir = () => join(root, `d${counter++}`, 'data')

/** The ring key id in a URL token's header (bytes 1-2 after the lb1_ prefix). */
function keyIdOf(proxyUrl: string): number {
  const token = proxyUrl.split('/proxy/')[1] ?? ''
  const bytes = Buffer.from(token.slice('lb1_'.length), 'base64url')
  return ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0)
}

async function mint(server: TokenServer): Promise<string> {
  const response = await fetch(`${server.origin}/api/generate-url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminKey}` },
    body: JSON.stringify({ version: 2, source: { protocol: 'openai' }, target: { protocol: 'openai', baseUrl: `${mock.url}/v1`, auth: { type: 'bearer', token: 'sk-rotate' } } }),
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { proxyUrl: string }).proxyUrl
}

/** The status a URL gets from `server` (a URL minted by an earlier run names that run's port). */
async function statusOf(server: TokenServer, proxyUrl: string): Promise<number> {
  const url = proxyUrl.replace(/^http:\/\/[^/]+/, server.origin)
  const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) })
  const text = await response.text()
  if (response.status === 401) expect(text).toContain('INVALID_TOKEN')
  return response.status
}

function runCli(args: string[]): { exitCode: number; stdout: string; stderr: string } {
  const result = Bun.spawnSync([process.execPath, MAIN, ...args], { env: { PATH: process.env.PATH ?? '' }, stdout: 'pipe', stderr: 'pipe' })
  return { exitCode: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() }
}

describe('rotate-key on the command line', () => {
  test('parses its own two options and refuses the server flags', () => {
    expect(parseServerConfig(['rotate-key', '--data-dir', '/srv/lb', '--retire-old'], {})).toEqual({ kind: 'rotate-key', dataDir: '/srv/lb', retireOld: true })
    expect(parseServerConfig(['rotate-key'], { LLM_BRIDGE_DATA_DIR: '/env/dir' })).toEqual({ kind: 'rotate-key', dataDir: '/env/dir', retireOld: false })
    expect(() => parseServerConfig(['rotate-key', '--port', '1'], {})).toThrow('unknown argument')
    expect(parseServerConfig(['rotate-key', '--help'], {}).kind).toBe('help')
  })

  test('old URLs work throughout; the new key seals after a restart; --retire-old ends the old ones after a restart', async () => {
    const dir = freshDir()
    let server = await startTokenServer(dir, { upstreamPort: mock.port })
    const sealedBy1 = await mint(server)
    expect(keyIdOf(sealedBy1)).toBe(1)

    const added = runCli(['rotate-key', '--data-dir', dir])
    expect(added.exitCode).toBe(0)
    expect(added.stdout).toContain('Added key 2')
    // The running server read its ring at start: nothing changes for it until a restart.
    expect(await statusOf(server, sealedBy1)).toBe(200)
    expect(keyIdOf(await mint(server))).toBe(1)

    await server.stop()
    server = await startTokenServer(dir, { upstreamPort: mock.port })
    const sealedBy2 = await mint(server)
    expect(keyIdOf(sealedBy2)).toBe(2)
    expect(await statusOf(server, sealedBy1)).toBe(200)

    const retired = runCli(['rotate-key', '--data-dir', dir, '--retire-old'])
    expect(retired.exitCode).toBe(0)
    expect(retired.stdout).toContain('Retired keys 1, 2')
    expect(await statusOf(server, sealedBy2)).toBe(200)

    await server.stop()
    server = await startTokenServer(dir, { upstreamPort: mock.port })
    expect(await statusOf(server, sealedBy1)).toBe(401)
    expect(await statusOf(server, sealedBy2)).toBe(401)
    const sealedBy3 = await mint(server)
    expect(keyIdOf(sealedBy3)).toBe(3)
    expect(await statusOf(server, sealedBy3)).toBe(200)
    await server.stop()
  })

  test('an unknown argument exits 2 with one line', () => {
    const result = runCli(['rotate-key', '--bogus'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('rotateKey', () => {
  test('retiring deletes the old key files but keeps secret.key (the server secret), and never reuses an id', async () => {
    const dir = freshDir()
    const before = await openDataDir(dir, {}, () => {})
    expect(await rotateKey({ dataDir: dir, retireOld: false }, {}, () => {})).toEqual({ keyId: 2, retired: [] })
    expect(await rotateKey({ dataDir: dir, retireOld: true }, {}, () => {})).toEqual({ keyId: 3, retired: [1, 2] })
    expect((await readdir(join(dir, 'keys'))).sort()).toEqual(['3.key', 'retired'])
    expect((await stat(join(dir, 'keys', '3.key'))).mode & 0o777).toBe(0o600)
    const after = await openDataDir(dir, {}, () => {})
    expect(Array.from(after.serverSecret)).toEqual(Array.from(before.serverSecret))
    expect([...after.keyRing.keys.keys()]).toEqual([3])
    expect(await rotateKey({ dataDir: dir, retireOld: false }, {}, () => {})).toEqual({ keyId: 4, retired: [] })
    expect([...(await openDataDir(dir, {}, () => {})).keyRing.keys.keys()].sort()).toEqual([3, 4])
  })

  test('a retired list that names every key refuses the start with the way out', async () => {
    const dir = freshDir()
    await openDataDir(dir, {}, () => {})
    await Bun.write(join(dir, 'keys', 'retired'), '1\n')
    await expect(openDataDir(dir, {}, () => {})).rejects.toThrow('rotate-key')
  })
})
