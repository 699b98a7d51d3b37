/**
 * Gemini CLI for end-to-end tests: installed on demand from npm into <repo>/.tmp/gemini-cli
 * (gitignored, ~100 MB; never a package.json dependency) and run headless
 * (`gemini -p … --output-format json`) with an isolated HOME, API-key auth pointed at the bridge
 * by GOOGLE_GEMINI_BASE_URL, tools approved without asking, and telemetry off.
 */
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const GEMINI_CLI_VERSION = '0.61.0'

const REPO = join(import.meta.dir, '..', '..')
const PREFIX = join(REPO, '.tmp', 'gemini-cli')
const BINARY = join(PREFIX, 'node_modules', '.bin', 'gemini')

/** npm's words for "the registry cannot be reached": only then is the test skipped. */
const NO_NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|socket hang up/i

export type GeminiCliInstall = { binary: string } | { skipReason: string }

export async function ensureGeminiCli(): Promise<GeminiCliInstall> {
  if (await runsVersion()) return { binary: BINARY }
  await mkdir(PREFIX, { recursive: true })
  const install = Bun.spawn(['npm', 'install', '--no-audit', '--no-fund', '--prefix', PREFIX, `@google/gemini-cli@${GEMINI_CLI_VERSION}`], {
    stdout: 'pipe', stderr: 'pipe', stdin: 'ignore',
  })
  const timer = setTimeout(() => install.kill(), 300_000)
  const [code, out, err] = await Promise.all([install.exited, new Response(install.stdout).text(), new Response(install.stderr).text()])
  clearTimeout(timer)
  if (code === 0 && (await runsVersion())) return { binary: BINARY }
  const output = `${out}\n${err}`
  if (NO_NETWORK.test(output)) return { skipReason: `Gemini CLI ${GEMINI_CLI_VERSION} could not be installed (npm registry unreachable): ${output.trim().split('\n').slice(-3).join(' | ')}` }
  throw new Error(`Installing @google/gemini-cli@${GEMINI_CLI_VERSION} failed (exit ${code}):\n${output}`)
}

async function runsVersion(): Promise<boolean> {
  if (!existsSync(BINARY)) return false
  const probe = Bun.spawn([BINARY, '--version'], { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } })
  const [code, out] = await Promise.all([probe.exited, new Response(probe.stdout).text()])
  return code === 0 && out.includes(GEMINI_CLI_VERSION)
}

export type GeminiRun = { exitCode: number | null; stdout: string; stderr: string; timedOut: boolean }

/** API-key auth chosen ahead, so the headless run never asks how to sign in. */
async function writeSettings(home: string): Promise<void> {
  await mkdir(join(home, '.gemini'), { recursive: true })
  const settings = { security: { auth: { selectedType: 'gemini-api-key' } }, privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false }, general: { disableAutoUpdate: true, disableUpdateNag: true } }
  await writeFile(join(home, '.gemini', 'settings.json'), JSON.stringify(settings))
}

/** One headless agent turn; the process is killed (by its own id) after timeoutMs. */
export async function runGeminiCli(binary: string, options: { prompt: string; baseUrl: string; home: string; cwd: string; timeoutMs: number }): Promise<GeminiRun> {
  await writeSettings(options.home)
  const child = Bun.spawn([binary, '-p', options.prompt, '--output-format', 'json', '--approval-mode', 'yolo'], {
    cwd: options.cwd,
    stdin: Bun.file('/dev/null'),
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.home,
      GOOGLE_GEMINI_BASE_URL: options.baseUrl,
      GEMINI_API_KEY: 'any-value',
      GEMINI_CLI_NO_RELAUNCH: 'true',
      GEMINI_CLI_TRUST_WORKSPACE: 'true',
      NO_COLOR: '1',
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
