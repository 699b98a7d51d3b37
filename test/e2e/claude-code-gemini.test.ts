/**
 * Claude Code through the real bridge to a Gemini 3 mock that enforces thought signatures as
 * Gemini 3 does: the first answer is a Bash functionCall carrying a thoughtSignature, and the
 * second request is refused with Gemini's 400 unless that call comes back with the very same
 * signature. Claude Code has no slot for it on a tool_use block: the bridge hands it over sealed
 * in a thinking block's signature, which Claude Code sends back as it got it.
 * Skipped only when npm cannot reach the registry.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { expectFinishedTurn, runClaudeCodeSession, type ClaudeSession } from '../support/claude-code-session.ts'
import { ensureClaudeCode } from '../support/e2e-claude-code.ts'
import type { MockReply, ReceivedRequest } from '../support/mock-upstream.ts'

const install = await ensureClaudeCode()
if ('skipReason' in install) console.warn(`SKIPPED claude-code → gemini e2e: ${install.skipReason}`)

const SIGNATURE = 'CiQBVKhc7pairE2eGemini3ThoughtSignature0123456789abcdefghijk='
const FINAL_TEXT = 'The command printed llm-bridge-e2e.'

type Part = { text?: string; thought?: boolean; thoughtSignature?: string; functionCall?: { name: string; args?: Record<string, unknown>; id?: string }; functionResponse?: { name: string; response?: unknown } }
type GeminiBody = { contents: Array<{ role?: string; parts: Part[] }>; tools?: Array<{ functionDeclarations?: Array<{ name: string }> }> }

function response(parts: Part[], finish: boolean): string {
  const candidate = { content: { role: 'model', parts }, index: 0, ...(finish ? { finishReason: 'STOP' } : {}) }
  return JSON.stringify({ candidates: [candidate], usageMetadata: { promptTokenCount: 2100, candidatesTokenCount: 12, totalTokenCount: 2112 }, modelVersion: 'gemini-3-pro-preview', responseId: 'e2e-1' })
}

function reply(request: ReceivedRequest, parts: Part[]): MockReply {
  if (!request.path.endsWith(':streamGenerateContent')) return { headers: { 'content-type': 'application/json' }, body: response(parts, true) }
  // One chunk per part, then the finish on an empty part, with Google's CRLF separators.
  const frames = parts.map((part) => `data: ${response([part], false)}\r\n\r\n`)
  return { headers: { 'content-type': 'text/event-stream' }, chunks: [...frames, `data: ${response([{ text: '' }], true)}\r\n\r\n`] }
}

const offersBash = (body: GeminiBody): boolean => (body.tools ?? []).some((tool) => (tool.functionDeclarations ?? []).some((declaration) => declaration.name === 'Bash'))
const answersBash = (body: GeminiBody): boolean => body.contents.some((content) => content.parts.some((part) => part.functionResponse?.name === 'Bash'))

/** Gemini 3: every functionCall of the current turn must carry the signature it was given. */
function signatureProblem(body: GeminiBody): string | undefined {
  const calls = body.contents.filter((content) => content.role === 'model').flatMap((content) => content.parts.filter((part) => part.functionCall?.name === 'Bash'))
  if (calls.length === 0) return 'no Bash functionCall in the history'
  return calls.every((part) => part.thoughtSignature === SIGNATURE) ? undefined : `Function call is missing a thought_signature in functionCall parts. (got ${JSON.stringify(calls)})`
}

/** The scripted Gemini 3: a signed Bash call, then the answer once the call came back signed. */
function scriptedGemini(request: ReceivedRequest): MockReply {
  if (!/^\/v1beta\/models\/gemini-3-pro-preview:(generateContent|streamGenerateContent)$/.test(request.path)) {
    return { status: 404, json: { error: { code: 404, message: `no route ${request.path}`, status: 'NOT_FOUND' } } }
  }
  const body = request.json as GeminiBody
  if (!offersBash(body)) return reply(request, [{ text: 'ok' }])
  if (!answersBash(body)) {
    return reply(request, [{ functionCall: { name: 'Bash', args: { command: 'echo llm-bridge-e2e', description: 'echo' }, id: 'call_e2e_gemini_bash' }, thoughtSignature: SIGNATURE }])
  }
  const problem = signatureProblem(body)
  if (problem !== undefined) return { status: 400, json: { error: { code: 400, message: problem, status: 'INVALID_ARGUMENT' } } }
  return reply(request, [{ text: FINAL_TEXT }])
}

describe('Claude Code → bridge → Gemini 3 upstream enforcing thought signatures', () => {
  let session: ClaudeSession

  beforeAll(async () => {
    if ('skipReason' in install) return
    session = await runClaudeCodeSession(install.binary, {
      script: scriptedGemini,
      mint: (bridge: E2eBridge) => ({
        version: 2,
        source: { protocol: 'anthropic' },
        target: { protocol: 'gemini', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
        model: { mode: 'force', force: 'gemini-3-pro-preview' },
      }),
      prompt: 'Run the shell command `echo llm-bridge-e2e` with the Bash tool and tell me what it printed.',
    })
  }, 90_000)

  afterAll(async () => {
    if ('skipReason' in install) return
    await session.close()
  })

  test.skipIf('skipReason' in install)('finishes the agent turn: the second request passed the signature check', () => {
    expectFinishedTurn(session.run, FINAL_TEXT)
  })

  test.skipIf('skipReason' in install)('the call went back with its own signature, never the placeholder, and the raw signature never reached Claude Code', () => {
    const second = session.bridge.mock.requests.map((request) => request.json as GeminiBody).find((body) => offersBash(body) && answersBash(body))
    if (second === undefined) throw new Error('no request carried the Bash result')
    expect(signatureProblem(second)).toBeUndefined()
    expect(JSON.stringify(second)).not.toContain('skip_thought_signature_validator')
    expect(session.run.stdout).not.toContain(SIGNATURE)
    for (const request of session.bridge.mock.requests) {
      expect(request.headers.get('x-goog-api-key')).toBe(UPSTREAM_KEY)
      expect(request.search).not.toContain('key=')
    }
  })
})
