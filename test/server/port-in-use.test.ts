/**
 * A second bridge on a port already in use must fail loudly, not share the port silently (Bun
 * turns SO_REUSEPORT on in production mode); --share-port asks for sharing on purpose. And a
 * wildcard bind without --public-url warns that the URLs it mints only work on this machine.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnBridge, type BridgeProcess } from '../security/support/bridge-process.ts'

setDefaultTimeout(30_000)

const MAIN = join(import.meta.dir, '..', '..', 'src', 'main.ts')

let dir: string
let first: BridgeProcess

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-bridge-port-'))
  first = await spawnBridge(['--port', '0', '--data-dir', join(dir, 'first')])
})

afterAll(async () => {
  await first?.stop()
  await rm(dir, { recursive: true, force: true })
})

type Outcome = { code: number | null; stdout: string; stderr: string }

/** Runs main.ts until it exits or prints its listening line (then stops it), and returns what it printed. */
async function runUntilListeningOrExit(args: string[]): Promise<Outcome> {
  const child = Bun.spawn([process.execPath, MAIN, ...args], { stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', env: { PATH: process.env.PATH ?? '' } })
  const out = { stdout: '', stderr: '' }
  // Both streams are read as they come, so what was printed before the stop is never lost.
  const pump = async (stream: ReadableStream<Uint8Array>, into: 'stdout' | 'stderr'): Promise<void> => {
    const decoder = new TextDecoder()
    const reader = stream.getReader()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      out[into] += decoder.decode(value, { stream: true })
    }
  }
  const pumped = Promise.all([pump(child.stdout, 'stdout'), pump(child.stderr, 'stderr')])
  const started = Date.now()
  while (child.exitCode === null && !out.stdout.includes('llm-bridge listening') && Date.now() - started < 15_000) await Bun.sleep(50)
  const exitedOnItsOwn = child.exitCode !== null
  if (!exitedOnItsOwn) child.kill('SIGTERM')
  const code = await child.exited
  await pumped
  return { code: exitedOnItsOwn ? code : null, stdout: out.stdout, stderr: out.stderr }
}

describe('a port already in use', () => {
  test('a second bridge on it exits non-zero and says the port is in use', async () => {
    const second = await runUntilListeningOrExit(['--port', String(first.port), '--data-dir', join(dir, 'second')])
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(`cannot listen on 127.0.0.1:${first.port}: the port is already in use`)
    expect(second.stderr).toContain('--share-port')
    expect(second.stdout).not.toContain('llm-bridge listening')
  })

  test('when both ask with --share-port the second bridge starts beside the first', async () => {
    const sharing = await spawnBridge(['--port', '0', '--share-port', '--data-dir', join(dir, 'sharing')])
    try {
      const shared = await runUntilListeningOrExit(['--port', String(sharing.port), '--share-port', '--data-dir', join(dir, 'shared')])
      expect(shared.stdout).toContain(`llm-bridge listening on http://127.0.0.1:${sharing.port}`)
    } finally {
      await sharing.stop()
    }
  })
})

describe('a wildcard bind', () => {
  test('without --public-url it warns on stderr that minted URLs point at this machine only', async () => {
    const open = await runUntilListeningOrExit(['--host', '0.0.0.0', '--port', '0', '--data-dir', join(dir, 'open')])
    expect(open.stdout).toContain('llm-bridge listening on http://0.0.0.0:')
    expect(open.stderr).toContain('warning: Listening on 0.0.0.0 (every interface)')
    expect(open.stderr).toContain('--public-url')
  })

  test('with --public-url it does not warn', async () => {
    const named = await runUntilListeningOrExit(['--host', '0.0.0.0', '--port', '0', '--public-url', 'http://bridge.lan:8787', '--data-dir', join(dir, 'named')])
    expect(named.stdout).toContain('llm-bridge listening on http://0.0.0.0:')
    expect(named.stderr).not.toContain('warning')
  })
})
