/**
 * Gemini CLI itself, through the real bridge to an OpenAI Chat mock and to an Anthropic mock, for
 * one whole agent turn: Gemini CLI asks (after its model router's JSON classification), the
 * "model" calls write_file, Gemini CLI writes the file and sends the result back, the "model"
 * answers. The file on disk is the proof the call arrived intact. Configured as the README says:
 * GOOGLE_GEMINI_BASE_URL at the proxy URL and any GEMINI_API_KEY. Skipped only when npm cannot
 * reach the registry.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { ensureGeminiCli, runGeminiCli, type GeminiRun } from '../support/e2e-gemini-cli.ts'
import { anthropicEvents, anthropicMessage, openaiChunks, openaiCompletion, wantsStream, type AnthropicAnswer, type OpenAiAnswer } from '../support/e2e-wire.ts'
import type { MockReply, ReceivedRequest } from '../support/mock-upstream.ts'

const install = await ensureGeminiCli()
if ('skipReason' in install) console.warn(`SKIPPED gemini-cli e2e: ${install.skipReason}`)

const FILE_TEXT = 'written through llm-bridge'
const FINAL_TEXT = 'Done: out.txt holds the text.'
/** What Gemini CLI's model router asks for (a JSON classification) before the agent turn. */
const ROUTER_ANSWER = JSON.stringify({ complexity_reasoning: 'Single file write.', complexity_score: 30 })
const isRouter = (request: ReceivedRequest): boolean => request.text.includes('complexity_score')
/** Parsed by the upstream's own rules: the tool result is in the conversation. */
const hasWriteResult = (request: ReceivedRequest): boolean => /Successfully (created and )?wrote/i.test(request.text)

type Upstream = {
  name: string
  target: (mockUrl: string) => Record<string, unknown>
  chatPath: string
  reply: (request: ReceivedRequest, filePath: string) => MockReply
}

function openaiReplyOf(request: ReceivedRequest, answer: OpenAiAnswer): MockReply {
  return wantsStream(request) ? { chunks: openaiChunks(answer) } : { json: openaiCompletion(answer) }
}

function anthropicReplyOf(request: ReceivedRequest, answer: AnthropicAnswer): MockReply {
  return wantsStream(request) ? { chunks: anthropicEvents(answer) } : { json: anthropicMessage(answer) }
}

const UPSTREAMS: Upstream[] = [
  {
    name: 'OpenAI Chat',
    target: (mockUrl) => ({ protocol: 'openai', baseUrl: `${mockUrl}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } }),
    chatPath: '/v1/chat/completions',
    reply: (request, filePath) => {
      const usage = { prompt: 900, completion: 20 }
      if (isRouter(request)) return openaiReplyOf(request, { content: ROUTER_ANSWER, finish: 'stop', usage, model: 'gpt-mock' })
      if (hasWriteResult(request)) return openaiReplyOf(request, { content: FINAL_TEXT, finish: 'stop', usage, model: 'gpt-mock' })
      const call = { id: 'call_e2e_write_0001', name: 'write_file', arguments: JSON.stringify({ file_path: filePath, content: FILE_TEXT }) }
      return openaiReplyOf(request, { toolCalls: [call], finish: 'tool_calls', usage, model: 'gpt-mock' })
    },
  },
  {
    name: 'Anthropic',
    target: (mockUrl) => ({ protocol: 'anthropic', baseUrl: mockUrl, auth: { type: 'x-api-key', token: UPSTREAM_KEY } }),
    chatPath: '/v1/messages',
    reply: (request, filePath) => {
      const usage = { input: 900, output: 20 }
      if (isRouter(request)) return anthropicReplyOf(request, { blocks: [{ type: 'text', text: ROUTER_ANSWER }], stopReason: 'end_turn', usage })
      if (hasWriteResult(request)) return anthropicReplyOf(request, { blocks: [{ type: 'text', text: FINAL_TEXT }], stopReason: 'end_turn', usage })
      const call = { type: 'tool_use' as const, id: 'toolu_01E2eWrite', name: 'write_file', input: { file_path: filePath, content: FILE_TEXT } }
      return anthropicReplyOf(request, { blocks: [call], stopReason: 'tool_use', usage })
    },
  },
]

for (const upstream of UPSTREAMS) {
  describe(`Gemini CLI → bridge → ${upstream.name} upstream`, () => {
    let bridge: E2eBridge
    let home: string
    let run: GeminiRun
    let tokenId: string
    const filePath = (): string => join(home, 'work', 'out.txt')

    beforeAll(async () => {
      if ('skipReason' in install) return
      bridge = await startE2eBridge()
      home = await mkdtemp(join(tmpdir(), 'llm-bridge-gemini-home-'))
      await Bun.write(join(home, 'work', '.keep'), '')
      bridge.mock.script((request) => (request.path === upstream.chatPath ? upstream.reply(request, filePath()) : { status: 404, json: { error: { message: `no route ${request.path}` } } }))
      const minted = await bridge.mint({
        version: 2, source: { protocol: 'gemini' }, target: upstream.target(bridge.mock.url), model: { mode: 'force', force: 'mock-model' }, label: 'gemini cli e2e',
      })
      tokenId = minted.tokenId
      run = await runGeminiCli(install.binary, {
        prompt: `Create the file ${filePath()} containing exactly "${FILE_TEXT}" with the write_file tool.`,
        baseUrl: minted.proxyUrl, home, cwd: join(home, 'work'), timeoutMs: 90_000,
      })
    }, 150_000)

    afterAll(async () => {
      if ('skipReason' in install) return
      await bridge.close()
      await rm(home, { recursive: true, force: true })
    })

    const chatRequests = (): ReceivedRequest[] => bridge.mock.requests.filter((request) => request.path === upstream.chatPath && !isRouter(request))

    test.skipIf('skipReason' in install)('finishes the agent turn: JSON output with the final answer, exit 0', () => {
      const context = `exit ${run.exitCode}, timed out ${run.timedOut}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`
      expect(run.timedOut, context).toBe(false)
      expect(run.exitCode, context).toBe(0)
      const output = JSON.parse(run.stdout) as { response: string; error?: unknown }
      expect(output.error).toBeUndefined()
      expect(output.response).toBe(FINAL_TEXT)
    })

    test.skipIf('skipReason' in install)("the tool call arrived whole: write_file created the file with the model's text", async () => {
      expect(await Bun.file(filePath()).text()).toBe(FILE_TEXT)
    })

    test.skipIf('skipReason' in install)("the second turn gave the upstream its call and Gemini CLI's result, in its own protocol", () => {
      const requests = chatRequests()
      expect(requests.length).toBeGreaterThanOrEqual(2)
      expect(requests[0]?.text).toContain('write_file')
      expect(hasWriteResult(requests.at(-1)!)).toBe(true)
      // The router's Gemini-style schema (upper-case types) reached the upstream as standard JSON Schema.
      for (const request of bridge.mock.requests) expect(request.text).not.toContain('"type":"OBJECT"')
      for (const request of bridge.mock.requests) expect(request.text + JSON.stringify([...request.headers])).not.toContain('any-value')
    })

    test.skipIf('skipReason' in install)('every request left a gemini → target row with status 200', async () => {
      const rows = await bridge.rowsFor(tokenId, bridge.mock.requests.length)
      expect(rows.length).toBeGreaterThanOrEqual(3)
      for (const row of rows) expect(row).toMatchObject({ sourceProtocol: 'gemini', status: 200, endpointGroup: 'chat' })
    })
  })
}
