/**
 * Claude Code for end-to-end tests: installed on demand from npm into <repo>/.tmp/claude-code
 * (gitignored; ~400 MB with its native binary, so never a package.json dependency) and run
 * headless (`claude -p … --output-format json`) with an isolated HOME and every kind of
 * non-essential traffic off.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'

export const CLAUDE_CODE_VERSION = '2.1.332'

const REPO = join(import.meta.dir, '..', '..')
const PREFIX = join(REPO, '.tmp', 'claude-code')
const BINARY = join(PREFIX, 'node_modules', '.bin', 'claude')

/** npm's words for "the registry cannot be reached": only then is the test skipped. */
const NO_NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|socket hang up/i

export type ClaudeCodeInstall = { binary: string } | { skipReason: string }

export async function ensureClaudeCode(): Promise<ClaudeCodeInstall> {
  if (await runsVersion()) return { binary: BINARY }
  await mkdir(PREFIX, { recursive: true })
  const install = Bun.spawn(['npm', 'install', '--no-audit', '--no-fund', '--prefix', PREFIX, `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`], {
    stdout: 'pipe', stderr: 'pipe', stdin: 'ignore',
  })
  const timer = setTimeout(() => install.kill(), 300_000)
  const [code, out, err] = await Promise.all([install.exited, new Response(install.stdout).text(), new Response(install.stderr).text()])
  clearTimeout(timer)
  if (code === 0 && (await runsVersion())) return { binary: BINARY }
  const output = `${out}\n${err}`
  if (NO_NETWORK.test(output)) return { skipReason: `Claude Code ${CLAUDE_CODE_VERSION} could not be installed (npm registry unreachable): ${output.trim().split('\n').slice(-3).join(' | ')}` }
  throw new Error(`Installing @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION} failed (exit ${code}):\n${output}`)
}

async function runsVersion(): Promise<boolean> {
  if (!existsSync(BINARY)) return false
  const probe = Bun.spawn([BINARY, '--version'], { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } })
  const [code, out] = await Promise.all([probe.exited, new Response(probe.stdout).text()])
  return code === 0 && out.includes(CLAUDE_CODE_VERSION)
}

export type ClaudeRun = { exitCode: number | null; stdout: string; stderr: string; timedOut: boolean }

/**
 * One headless agent turn; the process is killed (by its own id) after timeoutMs. `baseUrl`:
 * Anthropic mode (ANTHROPIC_BASE_URL); `env`: other settings, e.g. Bedrock mode's variables.
 */
export async function runClaudeCode(binary: string, options: { prompt: string; baseUrl?: string; env?: Record<string, string>; home: string; cwd: string; timeoutMs: number }): Promise<ClaudeRun> {
  const child = Bun.spawn([binary, '-p', options.prompt, '--output-format', 'json', '--allowedTools', 'Bash'], {
    cwd: options.cwd,
    stdin: Bun.file('/dev/null'),
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.home,
      ...(options.baseUrl === undefined ? {} : { ANTHROPIC_BASE_URL: options.baseUrl, ANTHROPIC_API_KEY: 'sk-ant-e2e-anything' }),
      ...options.env,
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_ERROR_REPORTING: '1',
    },
  })
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
