/**
 * Codex itself through the real bridge, offline, configured as the README says (a custom model
 * provider with `wire_api = "responses"` on a proxy URL, the model catalog from the bridge), to an
 * Anthropic mock and to an OpenAI Chat mock whose scripted model calls Codex's tools:
 * (a) apply_patch, Codex's freeform tool, which reaches a Chat or Anthropic model as a function
 *     with one string parameter and comes back to Codex as a custom tool call it applies;
 * (b) exec_command, a shell command Codex runs, here with Codex's WebSockets on, which the bridge
 *     refuses so Codex falls back to HTTP at once;
 * (c) a context reported nearly full: Codex (with a custom provider) compacts by itself, with one
 *     more turn that resends the history without tools, which Anthropic accepts only with the
 *     called tools declared (the mock refuses it otherwise, as Anthropic does).
 * The files must exist afterwards. Codex's built-in tools (web_search) never reach these targets.
 * Skipped only when npm cannot reach the registry.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { CODEX_HOMES, codexConfig, ensureCodex, runCodex, type CodexRun } from '../support/e2e-codex.ts'
import { anthropicEvents, anthropicMessage, openaiChunks, openaiCompletion, wantsStream } from '../support/e2e-wire.ts'
import type { MockReply, ReceivedRequest } from '../support/mock-upstream.ts'

const install = await ensureCodex()
if ('skipReason' in install) console.warn(`SKIPPED codex e2e: ${install.skipReason}`)

const CODEX_MODEL = 'gpt-5.1-codex'
const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+hello from codex through llm-bridge\n*** End Patch\n'

/** `fillsContext`: the call's answer reports a context nearly full, so Codex compacts before going on. */
type Task = { marker: string; callId: string; tool: string; args: Record<string, unknown>; done: string; fillsContext?: boolean }
const TASKS: Record<'patch' | 'shell' | 'compact', Task> = {
  patch: { marker: 'PATCH-TASK', callId: 'call_e2e_patch_0001', tool: 'apply_patch', args: { input: PATCH }, done: 'Created hello.txt.' },
  shell: { marker: 'SHELL-TASK', callId: 'call_e2e_shell_0001', tool: 'exec_command', args: { cmd: 'echo shell says hi > shell.txt' }, done: 'Wrote shell.txt.' },
  compact: { marker: 'COMPACT-TASK', callId: 'call_e2e_compact_0001', tool: 'exec_command', args: { cmd: 'echo before compaction > compact.txt' }, done: 'Done after compaction.', fillsContext: true },
}
/** What the scripted model answers when asked to summarise (a request that offers no callable tool). */
const SUMMARY = 'SUMMARY-MARK: compact.txt was written; nothing is left to do.'

/** `summarising`: no tool can be called (Codex's compaction turn sends none). */
type Seen = { tools: string[]; summarising: boolean; toolResult: (callId: string) => string | undefined; text: string }

/** What the scripted model reads from a request and how it answers, per upstream protocol. */
type Upstream = {
  protocol: 'anthropic' | 'openai'
  target: (bridge: E2eBridge) => Record<string, unknown>
  chatPath: string
  read: (body: unknown) => Seen
  answer: (request: ReceivedRequest, step: { call?: Task } | { text: string }) => MockReply
  /** The upstream's refusal of a request it would reject, if any. */
  refuse?: (body: unknown) => MockReply | undefined
  /** The catalog preset the URL names (its context window decides when Codex compacts) and the model. */
  provider: string
  model: string
  contextWindow: number
}

type AnthropicBody = { tools?: Array<{ name: string }>; tool_choice?: { type: string }; messages: Array<{ role: string; content: string | Array<{ type: string; tool_use_id?: string; content?: unknown }> }> }
type ChatBody = { tools?: Array<{ function: { name: string } }>; messages: Array<{ role: string; content?: unknown; tool_call_id?: string }> }

const usage = { input: 900, output: 20 }
/** Usage that reports the context 95% full. */
const fullUsage = (upstream: { contextWindow: number }) => ({ input: Math.round(upstream.contextWindow * 0.95), output: 20 })

const ANTHROPIC: Upstream = {
  protocol: 'anthropic',
  target: (bridge) => ({ provider: 'anthropic', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } }),
  chatPath: '/v1/messages',
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  contextWindow: 200_000,
  // As Anthropic does: tool blocks in the history need the request to define tools.
  refuse: (raw) => {
    const body = raw as AnthropicBody
    const toolBlocks = body.messages.some((message) => typeof message.content !== 'string' && message.content.some((block) => block.type === 'tool_use' || block.type === 'tool_result'))
    if (!toolBlocks || (body.tools ?? []).length > 0) return undefined
    return { status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message: 'Requests which include `tool_use` or `tool_result` blocks must define tools.' } } }
  },
  read: (raw) => {
    const body = raw as AnthropicBody
    const blocks = body.messages.flatMap((message) => (typeof message.content === 'string' ? [] : message.content))
    return {
      tools: (body.tools ?? []).map((tool) => tool.name),
      summarising: (body.tools ?? []).length === 0 || body.tool_choice?.type === 'none',
      toolResult: (callId) => {
        const result = blocks.find((block) => block.type === 'tool_result' && block.tool_use_id === callId)
        return result === undefined ? undefined : JSON.stringify(result.content)
      },
      text: JSON.stringify(body.messages),
    }
  },
  answer: (request, step) => {
    const answer = 'call' in step && step.call
      ? { blocks: [{ type: 'tool_use' as const, id: step.call.callId, name: step.call.tool, input: step.call.args }], stopReason: 'tool_use' as const, usage: step.call.fillsContext ? fullUsage(ANTHROPIC) : usage }
      : { blocks: [{ type: 'text' as const, text: 'text' in step ? step.text : '' }], stopReason: 'end_turn' as const, usage }
    return wantsStream(request) ? { chunks: anthropicEvents(answer) } : { json: anthropicMessage(answer) }
  },
}

const CHAT: Upstream = {
  protocol: 'openai',
  target: (bridge) => ({ provider: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } }),
  chatPath: '/v1/chat/completions',
  provider: 'openai',
  model: 'gpt-4o',
  contextWindow: 128_000,
  read: (raw) => {
    const body = raw as ChatBody
    return {
      tools: (body.tools ?? []).map((tool) => tool.function.name),
      summarising: (body.tools ?? []).length === 0,
      toolResult: (callId) => {
        const result = body.messages.find((message) => message.role === 'tool' && message.tool_call_id === callId)
        return result === undefined ? undefined : JSON.stringify(result.content)
      },
      text: JSON.stringify(body.messages),
    }
  },
  answer: (request, step) => {
    const answer = 'call' in step && step.call
      ? { toolCalls: [{ id: step.call.callId, name: step.call.tool, arguments: JSON.stringify(step.call.args) }], finish: 'tool_calls' as const, usage: { prompt: (step.call.fillsContext ? fullUsage(CHAT) : usage).input, completion: usage.output } }
      : { content: 'text' in step ? step.text : '', finish: 'stop' as const, usage: { prompt: usage.input, completion: usage.output } }
    return wantsStream(request) ? { chunks: openaiChunks(answer) } : { json: openaiCompletion(answer) }
  },
}

/** The scripted model: the task's tool call first, its answer once the tool's result is in the conversation. */
function scriptedModel(upstream: Upstream): (request: ReceivedRequest) => MockReply {
  return (request) => {
    if (request.path !== upstream.chatPath) return { status: 404, json: { error: { message: `no route ${request.path}` } } }
    const refused = upstream.refuse?.(request.json)
    if (refused !== undefined) return refused
    const seen = upstream.read(request.json)
    const task = Object.values(TASKS).find((candidate) => seen.text.includes(candidate.marker))
    if (task === undefined) return upstream.answer(request, { text: 'Nothing to do.' })
    if (seen.summarising) return upstream.answer(request, { text: SUMMARY })
    const called = seen.toolResult(task.callId) !== undefined || seen.text.includes('SUMMARY-MARK')
    return called ? upstream.answer(request, { text: task.done }) : upstream.answer(request, { call: task })
  }
}

for (const upstream of [ANTHROPIC, CHAT]) {
  describe(`Codex → bridge → ${upstream.protocol} upstream`, () => {
    let bridge: E2eBridge
    let proxyUrl: string
    let tokenId: string
    let workDir: string
    const homes: string[] = []

    beforeAll(async () => {
      if ('skipReason' in install) return
      bridge = await startE2eBridge()
      bridge.mock.script(scriptedModel(upstream))
      ;({ proxyUrl, tokenId } = await bridge.mint({
        version: 2,
        source: { protocol: 'openai-responses' },
        target: upstream.target(bridge),
        model: { mode: 'map', map: { [CODEX_MODEL]: upstream.model } },
        label: 'codex e2e',
      }))
      workDir = await mkdtemp(join(tmpdir(), 'llm-bridge-codex-work-'))
    })

    afterAll(async () => {
      if ('skipReason' in install) return
      await bridge.close()
      for (const dir of [workDir, ...homes]) await rm(dir, { recursive: true, force: true })
    })

    async function codex(task: Task, prompt: string, websockets = false): Promise<CodexRun> {
      if ('skipReason' in install) throw new Error('unreachable')
      const home = join(CODEX_HOMES, `${upstream.protocol}-${task.tool}-${process.pid}`)
      homes.push(home)
      bridge.mock.script(scriptedModel(upstream))
      const run = await runCodex(install.binary, { prompt: `${task.marker}: ${prompt}`, config: codexConfig(proxyUrl, CODEX_MODEL, { websockets }), home, cwd: workDir, timeoutMs: 120_000 })
      expect({ exitCode: run.exitCode, timedOut: run.timedOut, stderr: run.exitCode === 0 ? '' : run.stderr }).toEqual({ exitCode: 0, timedOut: false, stderr: '' })
      // Codex read the bridge's catalog: no fallback metadata, no decode error.
      expect(run.stderr).not.toContain('failed to decode models response')
      expect(run.stderr).not.toContain('Model metadata for')
      expect(run.stdout).toContain(task.done)
      return run
    }

    function chatRequests(): Seen[] {
      return bridge.mock.requests.filter((request) => request.path === upstream.chatPath).map((request) => upstream.read(request.json))
    }

    test.skipIf('skipReason' in install)('(a) apply_patch: the model patches a new file in; the file exists afterwards', async () => {
      await codex(TASKS.patch, 'create hello.txt containing a greeting')
      expect(await readFile(join(workDir, 'hello.txt'), 'utf8')).toBe('hello from codex through llm-bridge\n')
      const [first, second] = chatRequests()
      // apply_patch went out as a function the target can call; Codex's built-in web_search did not.
      expect(first?.tools).toContain('apply_patch')
      expect(first?.tools).not.toContain('web_search')
      expect(second?.toolResult(TASKS.patch.callId)).toContain('hello.txt')
      const rows = await bridge.rowsFor(tokenId, 3)
      expect(rows.every((row) => row.status === 200)).toBe(true)
      const chatRows = rows.filter((row) => row.endpointGroup === 'chat')
      expect(chatRows.length).toBeGreaterThanOrEqual(2)
      expect(chatRows[0]?.warnings?.map((warning) => warning.code)).toContain('builtin-tool-removed')
    }, 180_000)

    test.skipIf('skipReason' in install)('(b) a shell command, with Codex WebSockets on: refused with 426, Codex runs the turn over HTTP and the command writes its file', async () => {
      const before = (await bridge.rowsFor(tokenId, 1)).length
      await codex(TASKS.shell, 'write shell.txt with a shell command', true)
      expect(existsSync(join(workDir, 'shell.txt'))).toBe(true)
      expect(await readFile(join(workDir, 'shell.txt'), 'utf8')).toBe('shell says hi\n')
      const [first, second] = chatRequests()
      expect(first?.tools).toContain('exec_command')
      expect(second?.toolResult(TASKS.shell.callId)).toBeDefined()
      const rows = (await bridge.rowsFor(tokenId, before + 3)).slice(before)
      // One handshake, refused; then HTTP.
      expect(rows.filter((row) => row.status === 426)).toHaveLength(1)
      expect(rows.filter((row) => row.endpointGroup === 'chat' && row.status === 200).length).toBeGreaterThanOrEqual(2)
    }, 180_000)

    test.skipIf('skipReason' in install)("(c) a context nearly full: Codex's own compaction turn (the history, no tools) goes through, and the turn ends on the summary", async () => {
      await codex(TASKS.compact, 'write compact.txt with a shell command')
      expect(await readFile(join(workDir, 'compact.txt'), 'utf8')).toBe('before compaction\n')
      const requests = chatRequests()
      const summarising = requests.findIndex((request) => request.summarising)
      expect(summarising).toBeGreaterThan(0)
      // The summary request carried the history's tool call; the request after it carries the summary.
      expect(requests[summarising]?.text).toContain(TASKS.compact.callId)
      expect(requests.slice(summarising + 1).some((request) => request.text.includes('SUMMARY-MARK'))).toBe(true)
      const rows = await bridge.rowsFor(tokenId, 1)
      expect(rows.filter((row) => row.endpointGroup === 'chat').every((row) => row.status === 200)).toBe(true)
    }, 180_000)
  })
}
