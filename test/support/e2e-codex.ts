/**
 * Codex CLI for end-to-end tests: installed on demand from npm into <repo>/.tmp/codex (gitignored;
 * its native binary, ~400 MB, comes as an npm optional dependency, so never a package.json
 * dependency) and run non-interactively (`codex exec`) with an isolated CODEX_HOME whose
 * config.toml points a custom model provider at a proxy URL, approvals and sandbox off so it may
 * write files, and nothing else configured.
 */
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const CODEX_VERSION = '0.171.0'

const REPO = join(import.meta.dir, '..', '..')
const PREFIX = join(REPO, '.tmp', 'codex')
const BINARY = join(PREFIX, 'node_modules', '.bin', 'codex')

/** npm's words for "the registry cannot be reached": only then is the test skipped. */
const NO_NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|socket hang up/i

export type CodexInstall = { binary: string } | { skipReason: string }

export async function ensureCodex(): Promise<CodexInstall> {
  if (await runsVersion()) return { binary: BINARY }
  await mkdir(PREFIX, { recursive: true })
  const install = Bun.spawn(['npm', 'install', '--no-audit', '--no-fund', '--prefix', PREFIX, `@openai/codex@${CODEX_VERSION}`], {
    stdout: 'pipe', stderr: 'pipe', stdin: 'ignore',
  })
  const timer = setTimeout(() => install.kill(), 300_000)
  const [code, out, err] = await Promise.all([install.exited, new Response(install.stdout).text(), new Response(install.stderr).text()])
  clearTimeout(timer)
  if (code === 0 && (await runsVersion())) return { binary: BINARY }
  const output = `${out}\n${err}`
  if (NO_NETWORK.test(output)) return { skipReason: `Codex ${CODEX_VERSION} could not be installed (npm registry unreachable): ${output.trim().split('\n').slice(-3).join(' | ')}` }
  throw new Error(`Installing @openai/codex@${CODEX_VERSION} failed (exit ${code}):\n${output}`)
}

async function runsVersion(): Promise<boolean> {
  if (!existsSync(BINARY)) return false
  const probe = Bun.spawn([BINARY, '--version'], { stdout: 'pipe', stderr: 'pipe', stdin: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } })
  const [code, out] = await Promise.all([probe.exited, new Response(probe.stdout).text()])
  return code === 0 && out.includes(CODEX_VERSION)
}

/**
 * The config.toml the README shows: Codex's model is a name the URL maps, its provider speaks
 * Responses to the proxy URL, and the model catalog comes from the bridge (it decides the tools
 * Codex offers, apply_patch among them).
 */
export function codexConfig(proxyUrl: string, model: string, options: { websockets?: boolean } = {}): string {
  return [
    `model = "${model}"`,
    'model_provider = "llm-bridge"',
    '',
    '[model_providers.llm-bridge]',
    'name = "llm-bridge"',
    `base_url = "${proxyUrl}/v1"`,
    `model_catalog_url = "${proxyUrl}/v1/models"`,
    'env_key = "LLM_BRIDGE_KEY"',
    'wire_api = "responses"',
    ...(options.websockets ? ['supports_websockets = true'] : []),
    '',
  ].join('\n')
}

export type CodexRun = { exitCode: number | null; stdout: string; stderr: string; timedOut: boolean }

/**
 * One `codex exec` turn in `cwd` with its own CODEX_HOME (under <repo>/.tmp: Codex will not
 * create its helper links under /tmp); the process is killed (by its own id) after timeoutMs.
 */
export async function runCodex(binary: string, options: { prompt: string; config: string; home: string; cwd: string; timeoutMs: number }): Promise<CodexRun> {
  await mkdir(options.home, { recursive: true })
  await writeFile(join(options.home, 'config.toml'), options.config)
  const child = Bun.spawn([binary, 'exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', options.prompt], {
    cwd: options.cwd,
    stdin: Bun.file('/dev/null'),
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.home, CODEX_HOME: options.home, LLM_BRIDGE_KEY: 'any-value' },
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

export const CODEX_HOMES = join(REPO, '.tmp', 'codex-homes')
