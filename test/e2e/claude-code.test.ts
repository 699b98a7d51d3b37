/**
 * Claude Code itself, the client most users run, through the real bridge to an OpenAI Chat mock,
 * for one whole agent turn: Claude Code asks, the "model" calls Bash, Claude Code runs it and
 * sends the result back, the "model" answers. Skipped only when npm cannot reach the registry.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { expectFinishedTurn, runClaudeCodeSession, type ClaudeSession } from '../support/claude-code-session.ts'
import { ensureClaudeCode } from '../support/e2e-claude-code.ts'
import { openaiChunks, openaiCompletion, wantsStream, type OpenAiAnswer } from '../support/e2e-wire.ts'
import type { MockReply, ReceivedRequest } from '../support/mock-upstream.ts'

const install = await ensureClaudeCode()
if ('skipReason' in install) console.warn(`SKIPPED claude-code e2e: ${install.skipReason}`)

type ChatMessage = { role: string; content?: unknown; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string }
type ChatBody = { model: string; messages: ChatMessage[]; tools?: unknown[]; max_tokens?: number; stream?: boolean; stream_options?: unknown }

const CALL_ID = 'call_e2e_bash_0001'
const FINAL_TEXT = 'The command printed llm-bridge-e2e.'

const CALL_BASH: OpenAiAnswer = {
  toolCalls: [{ id: CALL_ID, name: 'Bash', arguments: '{"command":"echo llm-bridge-e2e","description":"echo"}' }],
  finish: 'tool_calls',
  usage: { prompt: 2100, completion: 30 },
  model: 'gpt-mock',
}
const ANSWER: OpenAiAnswer = { content: FINAL_TEXT, finish: 'stop', usage: { prompt: 2200, completion: 9 }, model: 'gpt-mock' }

const hasToolResult = (body: ChatBody): boolean =>
  body.messages.some((message) => message.role === 'tool' && JSON.stringify(message.content).includes('llm-bridge-e2e'))

/** The scripted model: a Bash call first, the answer once the tool result is in the conversation. */
function scriptedModel(request: ReceivedRequest): MockReply {
  if (!request.path.endsWith('/chat/completions')) return { status: 404, json: { error: { message: `no route ${request.path}`, type: 'invalid_request_error' } } }
  const body = request.json as ChatBody
  const answer = hasToolResult(body) ? ANSWER : CALL_BASH
  return wantsStream(request) ? { chunks: openaiChunks(answer) } : { json: openaiCompletion(answer) }
}

describe('Claude Code → bridge → OpenAI Chat upstream', () => {
  let session: ClaudeSession

  beforeAll(async () => {
    if ('skipReason' in install) return
    session = await runClaudeCodeSession(install.binary, {
      script: scriptedModel,
      mint: (bridge: E2eBridge) => ({
        version: 2,
        source: { protocol: 'anthropic' },
        target: { protocol: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
        model: { mode: 'map', map: { 'claude-*': 'gpt-mock' }, stripClientSuffix: true },
        label: 'claude code e2e',
      }),
      prompt: 'Run the shell command `echo llm-bridge-e2e` with the Bash tool and tell me what it printed.',
    })
  }, 90_000)

  afterAll(async () => {
    if ('skipReason' in install) return
    await session.close()
  })

  const chatRequests = (): ReceivedRequest[] => session.bridge.mock.requests.filter((request) => request.path === '/v1/chat/completions')

  test.skipIf('skipReason' in install)('finishes the agent turn: JSON output with is_error false and the final answer', () => {
    expectFinishedTurn(session.run, FINAL_TEXT)
  })

  test.skipIf('skipReason' in install)('the upstream saw the tool call answered by a tool message paired with its id, in a later request', () => {
    const requests = chatRequests()
    expect(requests.length).toBeGreaterThanOrEqual(2)
    const withResult = requests.map((request) => request.json as ChatBody).find(hasToolResult)
    if (withResult === undefined) throw new Error('no request carried the tool result')
    const callIndex = withResult.messages.findIndex((message) => message.tool_calls?.some((call) => call.id === CALL_ID))
    expect(callIndex).toBeGreaterThan(-1)
    const call = withResult.messages[callIndex]!.tool_calls!.find((entry) => entry.id === CALL_ID)!
    expect(call.function.name).toBe('Bash')
    expect(JSON.parse(call.function.arguments)).toMatchObject({ command: 'echo llm-bridge-e2e' })
    // The tool message follows its assistant turn directly (LESSONS #12).
    const result = withResult.messages[callIndex + 1]
    expect(result).toMatchObject({ role: 'tool', tool_call_id: CALL_ID })
    expect(JSON.stringify(result?.content)).toContain('llm-bridge-e2e')
  })

  test.skipIf('skipReason' in install)('every upstream request is mapped, authenticated with the URL key, streamed with usage, and free of Anthropic-only fields', () => {
    for (const request of chatRequests()) {
      const body = request.json as ChatBody
      expect(body.model).toBe('gpt-mock')
      expect(request.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
      expect(request.headers.has('x-api-key')).toBe(false)
      expect(request.headers.has('anthropic-beta')).toBe(false)
      expect(request.headers.has('anthropic-version')).toBe(false)
      expect(request.text).not.toContain('sk-ant-e2e-anything')
      for (const field of ['cache_control', 'defer_loading', 'context_management', 'output_config', 'anthropic-beta']) expect(request.text).not.toContain(field)
      if (body.stream === true) expect(body.stream_options).toEqual({ include_usage: true })
      expect(body.tools?.length ?? 0).toBeGreaterThan(0)
    }
  })

  test.skipIf('skipReason' in install)('one log row per proxied request, each a success with usage', async () => {
    const rows = await session.bridge.rowsFor(session.tokenId, session.bridge.mock.requests.length)
    const chatRows = rows.filter((row) => row.endpointGroup === 'chat')
    expect(chatRows).toHaveLength(chatRequests().length)
    for (const row of chatRows) {
      expect(row).toMatchObject({ status: 200, sourceProtocol: 'anthropic', targetProtocol: 'openai', upstreamModel: 'gpt-mock', label: 'claude code e2e' })
      expect(row.clientModel).toStartWith('claude-')
      expect(row.usage?.inputTokens).toBeGreaterThan(0)
      expect(row.errorCode).toBeUndefined()
    }
  })
})
