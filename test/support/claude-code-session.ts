/**
 * One headless Claude Code agent turn through a fresh bridge whose scripted mock plays the
 * upstream: the setup every Claude Code end-to-end test shares (bridge, minted URL, isolated
 * HOME, the run), and the check that the turn finished with the expected answer.
 */
import { expect } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startE2eBridge, type E2eBridge, type E2eScript } from './e2e-bridge.ts'
import { runClaudeCode, type ClaudeRun } from './e2e-claude-code.ts'

export type ClaudeSession = { bridge: E2eBridge; home: string; run: ClaudeRun; tokenId: string; close: () => Promise<void> }

export type ClaudeSessionOptions = {
  script: E2eScript
  /** The generate-url body, given the bridge (its mock's URL). */
  mint: (bridge: E2eBridge) => Record<string, unknown>
  prompt: string
  /** Claude Code's settings for the URL; default: Anthropic mode (ANTHROPIC_BASE_URL). */
  env?: (proxyUrl: string) => Record<string, string>
}

export async function runClaudeCodeSession(binary: string, options: ClaudeSessionOptions): Promise<ClaudeSession> {
  const bridge = await startE2eBridge()
  bridge.mock.script(options.script)
  const home = await mkdtemp(join(tmpdir(), 'llm-bridge-claude-home-'))
  const minted = await bridge.mint(options.mint(bridge))
  const where = options.env === undefined ? { baseUrl: minted.proxyUrl } : { env: options.env(minted.proxyUrl) }
  const run = await runClaudeCode(binary, { prompt: options.prompt, ...where, home, cwd: home, timeoutMs: 60_000 })
  const close = async (): Promise<void> => {
    await bridge.close()
    await rm(home, { recursive: true, force: true })
  }
  return { bridge, home, run, tokenId: minted.tokenId, close }
}

/** The turn ended on its own, with JSON output that is no error and holds the final answer. */
export function expectFinishedTurn(run: ClaudeRun, finalText: string): void {
  const context = `exit ${run.exitCode}, timed out ${run.timedOut}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`
  expect(run.timedOut, context).toBe(false)
  expect(run.exitCode, context).toBe(0)
  const output = JSON.parse(run.stdout) as { is_error: boolean; result: string }
  expect(output.is_error).toBe(false)
  expect(output.result).toContain(finalText)
}
