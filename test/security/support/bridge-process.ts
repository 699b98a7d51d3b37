/**
 * The bridge as an operator runs it: `bun src/main.ts --port 0 --data-dir <dir> …` in a child
 * process, with stdout and stderr captured whole, so a test can search what the process printed.
 */
import { join } from 'node:path'
import type { Subprocess } from 'bun'

const MAIN = join(import.meta.dir, '..', '..', '..', 'src', 'main.ts')

export type BridgeProcess = {
  url: string
  port: number
  stdout: () => string
  stderr: () => string
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves with the exit code. */
  stop: (graceMs?: number) => Promise<number | null>
}

/** A clean environment: no LLM_BRIDGE_* variable from the caller leaks into the child. */
function childEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  return env
}

export async function spawnBridge(args: string[]): Promise<BridgeProcess> {
  const child: Subprocess<'ignore', 'pipe', 'pipe'> = Bun.spawn([process.execPath, MAIN, ...args], {
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    env: childEnv(),
  })
  let out = ''
  let err = ''
  const pump = async (stream: ReadableStream<Uint8Array>, add: (text: string) => void): Promise<void> => {
    const decoder = new TextDecoder()
    const reader = stream.getReader()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      add(decoder.decode(value, { stream: true }))
    }
  }
  const outDone = pump(child.stdout, (text) => (out += text))
  const errDone = pump(child.stderr, (text) => (err += text))
  const started = Date.now()
  let match: RegExpMatchArray | null = null
  while (match === null) {
    match = out.match(/llm-bridge listening on (http:\/\/127\.0\.0\.1:(\d+))/)
    if (match !== null) break
    if (child.exitCode !== null || Date.now() - started > 15_000) {
      child.kill('SIGKILL')
      throw new Error(`llm-bridge did not start: ${out}\n${err}`)
    }
    await Bun.sleep(20)
  }
  return {
    url: match[1] as string,
    port: Number(match[2]),
    stdout: () => out,
    stderr: () => err,
    stop: async (graceMs = 5000) => {
      if (child.exitCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await child.exited
      clearTimeout(timer)
      await Promise.all([outDone, errDone])
      return child.exitCode
    },
  }
}
