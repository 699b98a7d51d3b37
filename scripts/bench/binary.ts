/**
 * The compiled binary: built into dist/ when missing (scripts/build-binary.ts), then started
 * three times on a data directory it has already initialised (a normal restart, not first-run
 * key generation); first answer = the first /healthz response, polled every millisecond.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, rssMiB, spawnPinned } from './processes.ts'
import { median } from './stream-client.ts'

export const BINARY = 'dist/llm-bridge'

export type StartupResult = { firstAnswerMs: number; firstAnswerRunsMs: number[]; binaryMiB: number; built: boolean; idleRssMiB: number }

async function pollFirstAnswer(url: string, started: number, timeoutMs = 10_000): Promise<number> {
  for (;;) {
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      return performance.now() - started
    } catch {
      if (performance.now() - started > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`)
      await Bun.sleep(1)
    }
  }
}

async function startOnce(dataDir: string, cpu: number | undefined): Promise<{ ms: number; rss: number }> {
  const port = await freePort()
  const started = performance.now()
  const child = spawnPinned('binary', [BINARY, '--port', String(port), '--data-dir', dataDir], cpu)
  try {
    const ms = await pollFirstAnswer(`http://127.0.0.1:${port}/healthz`, started)
    await Bun.sleep(300)
    return { ms, rss: rssMiB(child.pid) }
  } finally {
    child.proc.kill()
    await child.proc.exited
  }
}

export async function measureStartup(cpu: number | undefined): Promise<StartupResult | { error: string }> {
  // Always rebuilt (under a second): a binary left from an older checkout would measure old code.
  console.log('building the binary (scripts/build-binary.ts) …')
  const build = Bun.spawn(['bun', 'run', 'scripts/build-binary.ts'], { stdout: 'ignore', stderr: 'pipe' })
  if ((await build.exited) !== 0) return { error: `build failed: ${(await new Response(build.stderr).text()).slice(0, 300)}` }
  const built = true
  const dataDir = mkdtempSync(join(tmpdir(), 'llm-bridge-bench-bin-'))
  try {
    await startOnce(dataDir, cpu) // first run: creates the secret and the log
    const runs: Array<{ ms: number; rss: number }> = []
    for (let i = 0; i < 3; i++) runs.push(await startOnce(dataDir, cpu))
    return {
      firstAnswerMs: median(runs.map((r) => r.ms)),
      firstAnswerRunsMs: runs.map((r) => r.ms),
      binaryMiB: statSync(BINARY).size / 1024 / 1024,
      built,
      idleRssMiB: median(runs.map((r) => r.rss)),
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
