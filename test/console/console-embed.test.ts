/**
 * The console inside a `bun build --compile` executable: after scripts/build-console.ts, the
 * binary serves the assets from memory, run from a directory without web/ or node_modules.
 */
import { afterAll, expect, setDefaultTimeout, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CONSOLE_CSP } from '../../src/http/console.ts'

setDefaultTimeout(60_000)

const ROOT = join(import.meta.dir, '..', '..')
const workDir = mkdtempSync(join(tmpdir(), 'lb-console-embed-'))
let child: ReturnType<typeof Bun.spawn> | undefined

afterAll(() => {
  child?.kill()
  rmSync(workDir, { recursive: true, force: true })
})

async function run(command: string[]): Promise<void> {
  const process = Bun.spawn(command, { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' })
  const code = await process.exited
  if (code !== 0) throw new Error(`${command.join(' ')} failed: ${await new Response(process.stderr).text()}`)
}

async function readPort(stream: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  let text = ''
  while (!/listening \d+/.test(text)) {
    const { done, value } = await reader.read()
    if (done) throw new Error(`binary exited before listening: ${text}`)
    text += decoder.decode(value, { stream: true })
  }
  reader.releaseLock()
  return Number(/listening (\d+)/.exec(text)?.[1])
}

test('a compiled binary serves the built console from memory under the strict CSP', async () => {
  await run(['bun', 'run', 'scripts/build-console.ts'])
  const binary = join(workDir, 'console-server')
  await run(['bun', 'build', '--compile', 'test/console/support/compile-entry.ts', '--outfile', binary])
  child = Bun.spawn([binary], { cwd: workDir, stdout: 'pipe', stderr: 'inherit' })
  const origin = `http://127.0.0.1:${await readPort(child.stdout as ReadableStream<Uint8Array>)}`

  const index = await fetch(`${origin}/`)
  expect(index.status).toBe(200)
  expect(index.headers.get('content-security-policy')).toBe(CONSOLE_CSP)
  expect(index.headers.get('x-content-type-options')).toBe('nosniff')
  expect(await index.text()).toContain('/assets/app.js')
  const script = await fetch(`${origin}/assets/app.js`)
  expect(script.headers.get('content-type')).toStartWith('text/javascript')
  expect(await script.text()).toBe(await Bun.file(join(ROOT, 'web', 'dist', 'app.js')).text())
  const styles = await fetch(`${origin}/assets/styles.css`)
  expect(styles.headers.get('content-type')).toStartWith('text/css')
})
