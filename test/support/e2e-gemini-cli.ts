/**
 * Gemini CLI for end-to-end tests: installed on demand from npm into <repo>/.tmp/gemini-cli
 * (gitignored, ~100 MB; never a package.json dependency) and run headless
 * (`gemini -p … --output-format json`) with an isolated HOME, API-key auth pointed at the bridge
 * by GOOGLE_GEMINI_BASE_URL, tools approved without asking, and telemetry off.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type CliInstall, type CliRun, ensureNpmCli, runCli } from './npm-cli.ts'

export const GEMINI_CLI_VERSION = '0.61.0'

export type GeminiCliInstall = CliInstall

export function ensureGeminiCli(): Promise<GeminiCliInstall> {
  return ensureNpmCli({ title: 'Gemini CLI', pkg: '@google/gemini-cli', version: GEMINI_CLI_VERSION, dir: 'gemini-cli', bin: 'gemini' })
}

export type GeminiRun = CliRun

/** API-key auth chosen ahead, so the headless run never asks how to sign in. */
async function writeSettings(home: string): Promise<void> {
  await mkdir(join(home, '.gemini'), { recursive: true })
  const settings = { security: { auth: { selectedType: 'gemini-api-key' } }, privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false }, general: { disableAutoUpdate: true, disableUpdateNag: true } }
  await writeFile(join(home, '.gemini', 'settings.json'), JSON.stringify(settings))
}

/** One headless agent turn; the process is killed (by its own id) after timeoutMs. */
export async function runGeminiCli(binary: string, options: { prompt: string; baseUrl: string; home: string; cwd: string; timeoutMs: number }): Promise<GeminiRun> {
  await writeSettings(options.home)
  return runCli([binary, '-p', options.prompt, '--output-format', 'json', '--approval-mode', 'yolo'], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.home,
      GOOGLE_GEMINI_BASE_URL: options.baseUrl,
      GEMINI_API_KEY: 'any-value',
      GEMINI_CLI_NO_RELAUNCH: 'true',
      GEMINI_CLI_TRUST_WORKSPACE: 'true',
      NO_COLOR: '1',
    },
    timeoutMs: options.timeoutMs,
  })
}
