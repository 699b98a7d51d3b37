/**
 * Claude Code through the real bridge to an OpenAI Responses upstream (the mock of the pair
 * matrix), for one whole agent turn: Claude Code asks, the "model" calls Bash as a function_call
 * item, Claude Code runs it and sends the result back, which reaches the upstream as a
 * function_call_output paired with its call_id; the "model" answers. Skipped only when npm cannot
 * reach the registry.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { ScriptedAnswer } from '../pair-matrix/contract.ts'
import { responseBody, responsesEvents } from '../pair-matrix/mocks/openai-responses.ts'
import { UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { expectFinishedTurn, runClaudeCodeSession, type ClaudeSession } from '../support/claude-code-session.ts'
import { ensureClaudeCode } from '../support/e2e-claude-code.ts'
import { wantsStream } from '../support/e2e-wire.ts'
import type { MockReply, ReceivedRequest } from '../support/mock-upstream.ts'

const install = await ensureClaudeCode()
if ('skipReason' in install) console.warn(`SKIPPED claude-code → responses e2e: ${install.skipReason}`)

type Item = { type?: string; role?: string; call_id?: string; name?: string; arguments?: string; output?: unknown }
type ResponsesBody = { model: string; input: Item[]; tools?: Array<{ type: string; name?: string }>; stream?: boolean; store?: boolean }

const CALL_ID = 'call_e2e_bash_responses_01'
const FINAL_TEXT = 'The command printed llm-bridge-responses-e2e.'

const CALL_BASH: ScriptedAnswer = {
  toolCalls: [{ id: CALL_ID, name: 'Bash', args: { command: 'echo llm-bridge-responses-e2e', description: 'echo' } }],
  finish: 'tool-calls',
  usage: { input: 2100, output: 30 },
}
const ANSWER: ScriptedAnswer = { text: FINAL_TEXT, finish: 'stop', usage: { input: 2200, output: 9 } }

const hasToolResult = (body: ResponsesBody): boolean =>
  body.input.some((item) => item.type === 'function_call_output' && item.call_id === CALL_ID && JSON.stringify(item.output).includes('llm-bridge-responses-e2e'))

function scriptedModel(request: ReceivedRequest): MockReply {
  if (request.path !== '/v1/responses') return { status: 404, json: { error: { message: `no route ${request.path}`, type: 'invalid_request_error' } } }
  const answer = hasToolResult(request.json as ResponsesBody) ? ANSWER : CALL_BASH
  return wantsStream(request) ? { chunks: responsesEvents(answer) } : { json: responseBody(answer) }
}

describe('Claude Code → bridge → OpenAI Responses upstream', () => {
  let session: ClaudeSession

  beforeAll(async () => {
    if ('skipReason' in install) return
    session = await runClaudeCodeSession(install.binary, {
      script: scriptedModel,
      mint: (bridge: E2eBridge) => ({
        version: 2,
        source: { protocol: 'anthropic' },
        target: { protocol: 'openai-responses', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
        model: { mode: 'map', map: { 'claude-*': 'gpt-5-mock' }, stripClientSuffix: true },
        label: 'claude code responses e2e',
      }),
      prompt: 'Run the shell command `echo llm-bridge-responses-e2e` with the Bash tool and tell me what it printed.',
    })
  }, 90_000)

  afterAll(async () => {
    if ('skipReason' in install) return
    await session.close()
  })

  const responsesRequests = (): ReceivedRequest[] => session.bridge.mock.requests.filter((request) => request.path === '/v1/responses')

  test.skipIf('skipReason' in install)('finishes the agent turn: JSON output with is_error false and the final answer', () => {
    expectFinishedTurn(session.run, FINAL_TEXT)
  })

  test.skipIf('skipReason' in install)('the call goes back as a function_call item followed by its function_call_output, stateless', () => {
    const withResult = responsesRequests().map((request) => request.json as ResponsesBody).find(hasToolResult)
    if (withResult === undefined) throw new Error('no request carried the tool result')
    const callIndex = withResult.input.findIndex((item) => item.type === 'function_call' && item.call_id === CALL_ID)
    expect(callIndex).toBeGreaterThan(-1)
    expect(withResult.input[callIndex]?.name).toBe('Bash')
    expect(JSON.parse(withResult.input[callIndex]?.arguments ?? '{}')).toMatchObject({ command: 'echo llm-bridge-responses-e2e' })
    expect(withResult.input[callIndex + 1]).toMatchObject({ type: 'function_call_output', call_id: CALL_ID })
    for (const request of responsesRequests()) {
      const body = request.json as ResponsesBody
      expect(body.model).toBe('gpt-5-mock')
      expect(body.store).toBe(false)
      expect(request.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
      expect(request.text).not.toContain('sk-ant-e2e-anything')
      for (const field of ['cache_control', 'anthropic-beta', 'output_config']) expect(request.text).not.toContain(field)
      expect(body.tools?.every((tool) => tool.type === 'function')).toBe(true)
    }
  })

  test.skipIf('skipReason' in install)('one log row per proxied request, each a success with usage', async () => {
    const rows = await session.bridge.rowsFor(session.tokenId, responsesRequests().length)
    const chatRows = rows.filter((row) => row.endpointGroup === 'chat')
    expect(chatRows).toHaveLength(responsesRequests().length)
    for (const row of chatRows) {
      expect(row).toMatchObject({ status: 200, sourceProtocol: 'anthropic', targetProtocol: 'openai-responses', upstreamModel: 'gpt-5-mock' })
      expect(row.usage?.inputTokens).toBeGreaterThan(0)
    }
  })
})
