/**
 * Claude Code's model picker through a mapped proxy URL. With
 * CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1 and a non-Anthropic ANTHROPIC_BASE_URL, Claude Code
 * calls GET {base}/v1/models?limit=1000 at start, keeps the ids containing "claude" or
 * "anthropic", caches them in ~/.claude/cache/gateway-models.json and adds them to its model
 * options ("From gateway"). Those options are what the Agent SDK's supportedModels() reads: the
 * `models` of the answer to an `initialize` control request in stream-json mode, which is how
 * this test reads the picker without a terminal. A mapped URL answers the list itself with the
 * client-side names it accepts; choosing one (--model) reaches the upstream as the mapped model.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { ensureClaudeCode } from '../support/e2e-claude-code.ts'
import { openaiReply } from '../support/e2e-wire.ts'
import { runCli } from '../support/npm-cli.ts'

const install = await ensureClaudeCode()
if ('skipReason' in install) console.warn(`SKIPPED claude-code model picker e2e: ${install.skipReason}`)

const MAP = { 'claude-bridge-fast': 'gpt-fast', 'claude-bridge-big': 'gpt-big', 'claude-*': 'gpt-fast' }
type PickerOption = { value: string; displayName?: string; description?: string }

function claudeEnv(home: string, proxyUrl: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    ANTHROPIC_BASE_URL: proxyUrl,
    ANTHROPIC_API_KEY: 'sk-ant-e2e-anything',
    CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_ERROR_REPORTING: '1',
  }
}

/**
 * Starts Claude Code as the Agent SDK does (stream-json on stdin and stdout), waits until its
 * start-up discovery has cached the gateway's models, then asks for the session's model options.
 */
async function readPicker(binary: string, home: string, proxyUrl: string): Promise<{ options: PickerOption[]; cached: unknown }> {
  const child = Bun.spawn([binary, '-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose'], {
    cwd: home, stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', env: claudeEnv(home, proxyUrl),
  })
  const killer = setTimeout(() => child.kill(), 60_000)
  try {
    const cache = join(home, '.claude', 'cache', 'gateway-models.json')
    while (!existsSync(cache) && child.exitCode === null) await Bun.sleep(50)
    if (!existsSync(cache)) throw new Error(`Claude Code exited before caching gateway models: ${await new Response(child.stderr).text()}`)
    const cached: unknown = JSON.parse(await readFile(cache, 'utf8'))
    child.stdin.write(`${JSON.stringify({ type: 'control_request', request_id: 'picker', request: { subtype: 'initialize' } })}\n`)
    await child.stdin.flush()
    const response = await controlResponse(child.stdout, 'picker')
    return { options: response.models, cached }
  } finally {
    clearTimeout(killer)
    void child.stdin.end()
    child.kill()
    await child.exited
  }
}

async function controlResponse(stdout: ReadableStream<Uint8Array>, requestId: string): Promise<{ models: PickerOption[] }> {
  const decoder = new TextDecoder()
  let buffered = ''
  const reader = stdout.getReader()
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffered += decoder.decode(read.value, { stream: true })
    for (const line of buffered.split('\n').slice(0, -1)) {
      const message = JSON.parse(line) as { type?: string; response?: { request_id?: string; response?: { models: PickerOption[] } } }
      if (message.type === 'control_response' && message.response?.request_id === requestId && message.response.response) return message.response.response
    }
    buffered = buffered.slice(buffered.lastIndexOf('\n') + 1)
  }
  throw new Error('Claude Code closed its output without answering the initialize request')
}

describe('Claude Code model picker through a mapped proxy URL', () => {
  let bridge: E2eBridge
  let proxyUrl: string
  let tokenId: string
  let home: string

  beforeAll(async () => {
    if ('skipReason' in install) return
    bridge = await startE2eBridge()
    bridge.mock.script(openaiReply({ content: 'pong', finish: 'stop', usage: { prompt: 10, completion: 1 }, model: 'gpt-big' }))
    ;({ proxyUrl, tokenId } = await bridge.mint({
      version: 2,
      source: { protocol: 'anthropic' },
      target: { protocol: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
      model: { mode: 'map', map: MAP, stripClientSuffix: true },
    }))
    home = await mkdtemp(join(tmpdir(), 'llm-bridge-claude-picker-'))
  })

  afterAll(async () => {
    if ('skipReason' in install) return
    await bridge.close()
    await rm(home, { recursive: true, force: true })
  })

  test.skipIf('skipReason' in install)('the picker lists the URL\'s client-side model names, fetched from the bridge at start', async () => {
    if ('skipReason' in install) return
    const { options, cached } = await readPicker(install.binary, home, proxyUrl)
    const fromGateway = options.filter((option) => option.description === 'From gateway').map((option) => option.value)
    expect(fromGateway).toEqual(['claude-bridge-fast', 'claude-bridge-big'])
    // The built-in aliases stay; every one of them is a claude-* name the map accepts.
    expect(options.map((option) => option.value)).toContain('sonnet')
    expect(cached).toMatchObject({ baseUrl: proxyUrl, models: [{ id: 'claude-bridge-fast' }, { id: 'claude-bridge-big' }] })
    // The bridge answered the discovery itself (nothing reached the upstream), once, with a 200.
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row).toMatchObject({ method: 'GET', path: '/v1/models', status: 200, endpointGroup: 'models', userAgent: expect.stringContaining('claude-code/') })
    expect(bridge.mock.requests).toEqual([])
  }, 90_000)

  test.skipIf('skipReason' in install)('the same through an Anthropic-compatible endpoint that has no model list (DeepSeek\'s)', async () => {
    if ('skipReason' in install) return
    const deepseek = await bridge.mint({
      version: 2,
      source: { protocol: 'anthropic' },
      target: { provider: 'deepseek-anthropic', baseUrl: bridge.mock.url, auth: { token: UPSTREAM_KEY } },
      model: { mode: 'map', map: { 'claude-deepseek-pro': 'deepseek-v4-pro', 'claude-*': 'deepseek-flash' } },
    })
    const ownHome = await mkdtemp(join(tmpdir(), 'llm-bridge-claude-picker-'))
    try {
      const { options } = await readPicker(install.binary, ownHome, deepseek.proxyUrl)
      expect(options.filter((option) => option.description === 'From gateway').map((option) => option.value)).toEqual(['claude-deepseek-pro'])
      expect(await bridge.rowsFor(deepseek.tokenId, 1)).toMatchObject([{ path: '/v1/models', status: 200, targetProtocol: 'anthropic' }])
    } finally {
      await rm(ownHome, { recursive: true, force: true })
    }
  }, 90_000)

  test.skipIf('skipReason' in install)('a listed name chosen with --model reaches the upstream as the model it maps to', async () => {
    if ('skipReason' in install) return
    const run = await runCli([install.binary, '-p', 'Say pong.', '--output-format', 'json', '--model', 'claude-bridge-big'], {
      cwd: home, env: claudeEnv(home, proxyUrl), timeoutMs: 60_000,
    })
    const context = `exit ${run.exitCode}\nstdout: ${run.stdout.slice(0, 1500)}\nstderr: ${run.stderr.slice(0, 1500)}`
    expect(run.exitCode, context).toBe(0)
    expect((JSON.parse(run.stdout) as { result: string }).result).toContain('pong')
    const models = bridge.mock.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => (request.json as { model: string }).model)
    expect(models.length).toBeGreaterThan(0)
    expect(models).toContain('gpt-big')
  }, 90_000)

  test.skipIf('skipReason' in install)('the answer Claude Code reads: Anthropic\'s list shape with only the exact map keys', async () => {
    const response = await fetch(`${proxyUrl}/v1/models?limit=1000`, { headers: { 'x-api-key': 'sk-ant-e2e-anything', 'anthropic-version': '2023-06-01' } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { data: Array<{ type: string; id: string; display_name: string }>; has_more: boolean; first_id: string; last_id: string }
    expect(body.data.map((model) => model.id)).toEqual(['claude-bridge-fast', 'claude-bridge-big'])
    expect(body.data.every((model) => model.type === 'model' && model.display_name === model.id)).toBe(true)
    expect(body).toMatchObject({ has_more: false, first_id: 'claude-bridge-fast', last_id: 'claude-bridge-big' })
  })
})
