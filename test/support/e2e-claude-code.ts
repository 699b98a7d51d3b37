/**
 * Claude Code for end-to-end tests: installed on demand from npm into <repo>/.tmp/claude-code
 * (gitignored; ~400 MB with its native binary, so never a package.json dependency) and run
 * headless (`claude -p … --output-format json`) with an isolated HOME and every kind of
 * non-essential traffic off.
 */
import { type CliInstall, type CliRun, ensureNpmCli, runCli } from './npm-cli.ts'

export const CLAUDE_CODE_VERSION = '2.1.332'

export type ClaudeCodeInstall = CliInstall

export function ensureClaudeCode(): Promise<ClaudeCodeInstall> {
  return ensureNpmCli({ title: 'Claude Code', pkg: '@anthropic-ai/claude-code', version: CLAUDE_CODE_VERSION, dir: 'claude-code', bin: 'claude' })
}

export type ClaudeRun = CliRun

/**
 * One headless agent turn; the process is killed (by its own id) after timeoutMs. `baseUrl`:
 * Anthropic mode (ANTHROPIC_BASE_URL); `env`: other settings, e.g. Bedrock mode's variables.
 */
export async function runClaudeCode(binary: string, options: { prompt: string; baseUrl?: string; env?: Record<string, string>; home: string; cwd: string; timeoutMs: number }): Promise<ClaudeRun> {
  return runCli([binary, '-p', options.prompt, '--output-format', 'json', '--allowedTools', 'Bash'], {
    cwd: options.cwd,
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
    timeoutMs: options.timeoutMs,
  })
}
