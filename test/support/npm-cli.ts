/**
 * A real CLI (Claude Code, Codex, Gemini CLI) for end-to-end tests: installed on demand from npm
 * into <repo>/.tmp/<dir> (gitignored; never a package.json dependency: some ship native binaries
 * of hundreds of MB) at a pinned version, and run headless with a hard time limit. The test is
 * skipped only when npm cannot reach the registry; any other install failure fails it.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'

export type CliInstall = { binary: string } | { skipReason: string }
export type CliRun = { exitCode: number | null; stdout: string; stderr: string; timedOut: boolean }

const REPO = join(import.meta.dir, '..', '..')

/** npm's words for "the registry cannot be reached": only then is the test skipped. */
const NO_NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|socket hang up/i

export type CliPackage = { title: string; pkg: string; version: string; dir: string; bin: string }

export async function ensureNpmCli(cli: CliPackage): Promise<CliInstall> {
  const prefix = join(REPO, '.tmp', cli.dir)
  const binary = join(prefix, 'node_modules', '.bin', cli.bin)
  if (await runsVersion(binary, cli.version)) return { binary }
  await mkdir(prefix, { recursive: true })
  const install = Bun.spawn(['npm', 'install', '--no-audit', '--no-fund', '--prefix', prefix, `${cli.pkg}@${cli.version}`], {
    stdout: 'pipe', stderr: 'pipe', stdin: 'ignore',
  })
  const timer = setTimeout(() => install.kill(), 300_000)
  const [code, out, err] = await Promise.all([install.exited, new Response(install.stdout).text(), new Response(install.stderr).text()])
  clearTimeout(timer)
  if (code === 0 && (await runsVersion(binary, cli.version))) return { binary }
  const output = `${out}\n${err}`
  if (NO_NETWORK.test(output)) return { skipReason: `${cli.title} ${cli.version} could not be installed (npm registry unreachable): ${output.trim().split('\n').slice(-3).join(' | ')}` }
  throw new Error(`Installing ${cli.pkg}@${cli.version} failed (exit ${code}):\n${output}`)
}

async function runsVersion(binary: string, version: string): Promise<boolean> {
  if (!existsSync(binary)) return false
  const probe = Bun.spawn([binary, '--version'], { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } })
  const [code, out] = await Promise.all([probe.exited, new Response(probe.stdout).text()])
  return code === 0 && out.includes(version)
}

/** Runs `command` with no input and only `env`; the process is killed (by its own id) after timeoutMs. */
export async function runCli(command: string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<CliRun> {
  const child = Bun.spawn(command, { cwd: options.cwd, stdin: Bun.file('/dev/null'), stdout: 'pipe', stderr: 'pipe', env: options.env })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill()
  }, options.timeoutMs)
  const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()])
  const exitCode = await child.exited
  clearTimeout(timer)
  return { exitCode, stdout, stderr, timedOut }
}
