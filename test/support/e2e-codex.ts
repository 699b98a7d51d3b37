/**
 * Codex CLI for end-to-end tests: installed on demand from npm into <repo>/.tmp/codex (gitignored;
 * its native binary, ~400 MB, comes as an npm optional dependency, so never a package.json
 * dependency) and run non-interactively (`codex exec`) with an isolated CODEX_HOME whose
 * config.toml points a custom model provider at a proxy URL, approvals and sandbox off so it may
 * write files, and nothing else configured.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type CliInstall, type CliRun, ensureNpmCli, runCli } from './npm-cli.ts'

export const CODEX_VERSION = '0.171.0'

export type CodexInstall = CliInstall

export function ensureCodex(): Promise<CodexInstall> {
  return ensureNpmCli({ title: 'Codex', pkg: '@openai/codex', version: CODEX_VERSION, dir: 'codex', bin: 'codex' })
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

export type CodexRun = CliRun

/**
 * One `codex exec` turn in `cwd` with its own CODEX_HOME (under <repo>/.tmp: Codex will not
 * create its helper links under /tmp); the process is killed (by its own id) after timeoutMs.
 */
export async function runCodex(binary: string, options: { prompt: string; config: string; home: string; cwd: string; timeoutMs: number }): Promise<CodexRun> {
  await mkdir(options.home, { recursive: true })
  await writeFile(join(options.home, 'config.toml'), options.config)
  return runCli([binary, 'exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', options.prompt], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.home, CODEX_HOME: options.home, LLM_BRIDGE_KEY: 'any-value' },
    timeoutMs: options.timeoutMs,
  })
}

export const CODEX_HOMES = join(import.meta.dir, '..', '..', '.tmp', 'codex-homes')
