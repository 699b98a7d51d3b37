/** Shared by the request-log tests: a temp data dir and a complete row to vary. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RequestLogRow } from '../../src/log/request-log-row.ts'

let counter = 0

export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bridge-log-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export function makeRow(overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  counter += 1
  return {
    requestId: `req_${counter}_${Math.random().toString(36).slice(2, 8)}`,
    startedAt: Date.now(),
    tokenId: 'tok_a',
    label: 'laptop',
    sourceProtocol: 'anthropic',
    targetProtocol: 'openai',
    provider: 'openai',
    endpointGroup: 'chat',
    method: 'POST',
    path: '/v1/messages',
    clientModel: 'claude-sonnet-4',
    upstreamModel: 'gpt-4.1',
    stream: false,
    status: 200,
    attempts: 1,
    durationMs: 1200,
    ttfbMs: 300,
    usage: { inputTokens: 100, outputTokens: 20 },
    costUsd: 0.0042,
    warnings: [],
    userAgent: 'claude-cli/1.0',
    bytesIn: 500,
    bytesOut: 800,
    ...overrides,
  }
}
