/**
 * Builds the one executable: console assets first (scripts/build-console.ts writes
 * web/dist/console-assets.ts, which src/http/console.ts imports with a literal specifier so the
 * bundle embeds it), then `bun build --compile src/main.ts` with the request log's thread module.
 *
 *   bun run scripts/build-binary.ts [--outfile dist/llm-bridge]
 */
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dir, '..')
export const DEFAULT_OUTFILE = join(ROOT, 'dist', 'llm-bridge')

async function run(command: string[]): Promise<void> {
  const child = Bun.spawn(command, { cwd: ROOT, stdout: 'inherit', stderr: 'inherit' })
  const code = await child.exited
  if (code !== 0) throw new Error(`${command.slice(0, 3).join(' ')} … exited with ${code}`)
}

export async function buildBinary(outfile: string = DEFAULT_OUTFILE): Promise<string> {
  // process.execPath is the bun running this script, so no PATH lookup is needed.
  await run([process.execPath, 'run', join(ROOT, 'scripts', 'build-console.ts')])
  // --bytecode: JSC bytecode compiled at build time, so the binary does not parse its ~500 modules
  // at start (first answer 53 → 28 ms, target ≤ 50). Bytecode needs an explicit ESM format
  // because main.ts uses top-level await.
  // The request log's threads (writer and reader) run a second entry point: a Worker's module must be named to
  // the bundler (src/log/sqlite/log-thread-client.ts finds it under its path from src/).
  const entries = [join(ROOT, 'src', 'main.ts'), join(ROOT, 'src', 'log', 'sqlite', 'log-thread.ts')]
  await run([process.execPath, 'build', '--compile', '--bytecode', '--format=esm', '--minify-syntax', ...entries, '--outfile', outfile])
  return outfile
}

if (import.meta.main) {
  const flag = process.argv.indexOf('--outfile')
  const outfile = flag >= 0 ? resolve(process.argv[flag + 1] ?? DEFAULT_OUTFILE) : DEFAULT_OUTFILE
  const started = performance.now()
  await buildBinary(outfile)
  console.log(`built ${outfile} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}
