/**
 * Claude Code in its Bedrock mode (CLAUDE_CODE_USE_BEDROCK=1, ANTHROPIC_BEDROCK_BASE_URL = a
 * bridge URL whose source protocol is bedrock, CLAUDE_CODE_SKIP_BEDROCK_AUTH=1 so it signs
 * nothing) through the real bridge to an OpenAI Chat mock, for one whole agent turn: Claude Code
 * sends InvokeModel requests with Anthropic bodies, the "model" calls Bash to write a file,
 * Claude Code runs it, and the file is there afterwards. Skipped only when npm cannot reach the
 * registry.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { expectFinishedTurn, runClaudeCodeSession, type ClaudeSession } from '../support/claude-code-session.ts'
import { ensureClaudeCode } from '../support/e2e-claude-code.ts'
import { openaiChunks, openaiCompletion, wantsStream, type OpenAiAnswer } from '../support/e2e-wire.ts'
import type { MockReply, ReceivedRequest } from '../support/mock-upstream.ts'

const install = await ensureClaudeCode()
if ('skipReason' in install) console.warn(`SKIPPED claude-code bedrock e2e: ${install.skipReason}`)

type ChatMessage = { role: string; content?: unknown; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string }
type ChatBody = { model: string; messages: ChatMessage[]; tools?: unknown[]; stream?: boolean }

const CALL_ID = 'call_e2e_bedrock_bash_0001'
const PROOF = 'written-through-bedrock-mode'
const FINAL_TEXT = 'The file proof.txt now holds the text.'

const CALL_BASH: OpenAiAnswer = {
  toolCalls: [{ id: CALL_ID, name: 'Bash', arguments: JSON.stringify({ command: `printf ${PROOF} > proof.txt && cat proof.txt`, description: 'write the proof file' }) }],
  finish: 'tool_calls',
  usage: { prompt: 2100, completion: 30 },
  model: 'gpt-mock',
}
const ANSWER: OpenAiAnswer = { content: FINAL_TEXT, finish: 'stop', usage: { prompt: 2200, completion: 9 }, model: 'gpt-mock' }

const hasToolResult = (body: ChatBody): boolean => body.messages.some((message) => message.role === 'tool' && message.tool_call_id === CALL_ID)

function scriptedModel(request: ReceivedRequest): MockReply {
  if (!request.path.endsWith('/chat/completions')) return { status: 404, json: { error: { message: `no route ${request.path}`, type: 'invalid_request_error' } } }
  const answer = hasToolResult(request.json as ChatBody) ? ANSWER : CALL_BASH
  return wantsStream(request) ? { chunks: openaiChunks(answer) } : { json: openaiCompletion(answer) }
}

describe('Claude Code (Bedrock mode) → bridge → OpenAI Chat upstream', () => {
  let session: ClaudeSession

  beforeAll(async () => {
    if ('skipReason' in install) return
    session = await runClaudeCodeSession(install.binary, {
      script: scriptedModel,
      mint: (bridge: E2eBridge) => ({
        version: 2,
        source: { protocol: 'bedrock' },
        target: { protocol: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
        // Claude Code's Bedrock model ids: inference profiles (us.anthropic.claude-…) or bare ids.
        model: { mode: 'map', map: { 'us.anthropic.claude-*': 'gpt-mock', 'global.anthropic.claude-*': 'gpt-mock', 'anthropic.claude-*': 'gpt-mock' } },
        label: 'claude code bedrock e2e',
      }),
      prompt: 'Use the Bash tool to write the proof file, then tell me what it holds.',
      env: (proxyUrl: string) => ({ CLAUDE_CODE_USE_BEDROCK: '1', ANTHROPIC_BEDROCK_BASE_URL: proxyUrl, CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1', AWS_REGION: 'us-east-1' }),
    })
  }, 90_000)

  afterAll(async () => {
    if ('skipReason' in install) return
    await session.close()
  })

  const chatRequests = (): ReceivedRequest[] => session.bridge.mock.requests.filter((request) => request.path === '/v1/chat/completions')

  test.skipIf('skipReason' in install)('finishes the agent turn, and the Bash command it ran wrote the file', async () => {
    expectFinishedTurn(session.run, FINAL_TEXT)
    expect(await readFile(join(session.home, 'proof.txt'), 'utf8')).toBe(PROOF)
  })

  test.skipIf('skipReason' in install)('the upstream saw the Bash call answered by its tool result, mapped and with the URL key', () => {
    const requests = chatRequests()
    const withResult = requests.map((request) => request.json as ChatBody).find(hasToolResult)
    if (withResult === undefined) throw new Error('no request carried the tool result')
    const result = withResult.messages.find((message) => message.role === 'tool')
    expect(JSON.stringify(result?.content)).toContain(PROOF)
    for (const request of requests) {
      expect((request.json as ChatBody).model).toBe('gpt-mock')
      expect(request.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
    }
  })

  test.skipIf('skipReason' in install)('Claude Code spoke InvokeModel: every chat row is a Bedrock invoke route, a success', async () => {
    const rows = await session.bridge.rowsFor(session.tokenId, session.bridge.mock.requests.length)
    const chatRows = rows.filter((row) => row.endpointGroup === 'chat')
    expect(chatRows).toHaveLength(chatRequests().length)
    for (const row of chatRows) {
      expect(row.path).toMatch(/^\/model\/[^/]+\/invoke(-with-response-stream)?$/)
      expect(row).toMatchObject({ status: 200, sourceProtocol: 'bedrock', targetProtocol: 'openai', upstreamModel: 'gpt-mock' })
      expect(row.errorCode).toBeUndefined()
    }
  })
})
