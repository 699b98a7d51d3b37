/**
 * Remote compaction (`POST /v1/responses/compact`; Codex fails the turn on a 404, LESSONS #26)
 * through the real server with the official SDK's `responses.compact`: against a target with no
 * compaction (Anthropic, OpenAI Chat) the bridge has the target model summarise the conversation
 * and answers with a `response.compaction` whose compaction item the next request reads back as
 * the summary; against a Responses target the call passes through untouched.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import OpenAI from 'openai'
import type { ResponseInputItem } from 'openai/resources/responses/responses'
import { SUMMARY_PROMPT } from '../../src/proxy/summary-request.ts'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { anthropicReply, openaiReply } from '../support/e2e-wire.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

const SUMMARY = 'The user wants hello.txt created; it was created with apply_patch. Next: nothing.'

/** A Codex-like history: a request, a reasoning item, a custom tool call and its output, a final answer. */
const HISTORY: ResponseInputItem[] = [
  { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Create hello.txt saying hi' }] },
  { type: 'custom_tool_call', call_id: 'call_patch_1', name: 'apply_patch', input: '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch' },
  { type: 'custom_tool_call_output', call_id: 'call_patch_1', output: 'Success. Updated the following files:\nA hello.txt' },
  { type: 'message', role: 'assistant', content: 'Created hello.txt.' },
]
const TOOLS = [{ type: 'custom' as const, name: 'apply_patch', description: 'Edit files', format: { type: 'grammar' as const, syntax: 'lark' as const, definition: 'start: /.+/s' } }]

function target(protocol: 'anthropic' | 'openai' | 'openai-responses'): Record<string, unknown> {
  const auth = protocol === 'anthropic' ? { type: 'x-api-key', token: UPSTREAM_KEY } : { type: 'bearer', token: UPSTREAM_KEY }
  const baseUrl = protocol === 'anthropic' ? bridge.mock.url : `${bridge.mock.url}/v1`
  const force = protocol === 'anthropic' ? 'claude-sonnet-4-5' : protocol === 'openai' ? 'gpt-4o' : 'gpt-5'
  return { version: 2, source: { protocol: 'openai-responses' }, target: { protocol, baseUrl, auth }, model: { mode: 'force', force } }
}

const client = (proxyUrl: string): OpenAI => new OpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: CLIENT_KEY, maxRetries: 0 })

type Body = { stream?: boolean; tool_choice?: unknown; messages?: Array<{ role: string; content: unknown }> }

describe('emulated compaction', () => {
  for (const protocol of ['anthropic', 'openai'] as const) {
    test(`a ${protocol} target summarises the conversation; the compacted output is the user messages and a compaction item the next turn reads`, async () => {
      const { proxyUrl, tokenId } = await bridge.mint(target(protocol))
      const reply = protocol === 'anthropic'
        ? anthropicReply({ blocks: [{ type: 'text', text: SUMMARY }], stopReason: 'end_turn', usage: { input: 300, output: 20 } })
        : openaiReply({ content: SUMMARY, finish: 'stop', usage: { prompt: 300, completion: 20 } })
      bridge.mock.script(reply)
      const compacted = await client(proxyUrl).responses.compact({ model: 'gpt-5.1-codex', input: HISTORY, instructions: 'You are Codex.', tools: TOOLS } as OpenAI.Responses.ResponseCompactParams)

      expect(compacted.object).toBe('response.compaction')
      expect(compacted.output.map((item) => item.type)).toEqual(['message', 'compaction'])
      expect(compacted.output[0]).toMatchObject({ role: 'user', content: [{ type: 'input_text', text: 'Create hello.txt saying hi' }] })
      expect(compacted.usage).toMatchObject({ input_tokens: 300, output_tokens: 20, output_tokens_details: { reasoning_tokens: 0 } })

      // The target was asked once, not streamed, for a summary with no tool call possible.
      const [asked] = bridge.mock.requests
      expect(bridge.mock.requests).toHaveLength(1)
      expect(asked?.path).toBe(protocol === 'anthropic' ? '/v1/messages' : '/v1/chat/completions')
      const body = asked?.json as Body
      expect(body.stream).not.toBe(true)
      expect(JSON.stringify(body.tool_choice)).toContain('none')
      expect(JSON.stringify(body.messages?.at(-1))).toContain(SUMMARY_PROMPT.slice(0, 40))
      const [row] = await bridge.rowsFor(tokenId, 1)
      expect(row?.status).toBe(200)
      expect(row?.warnings?.map((warning) => warning.code)).toContain('emulated-compaction')

      // The next turn sends the compacted output back: the target reads the summary as a user message.
      bridge.mock.script(protocol === 'anthropic'
        ? anthropicReply({ blocks: [{ type: 'text', text: 'Done.' }], stopReason: 'end_turn', usage: { input: 40, output: 2 } })
        : openaiReply({ content: 'Done.', finish: 'stop', usage: { prompt: 40, completion: 2 } }))
      const next = await client(proxyUrl).responses.create({
        model: 'gpt-5.1-codex', store: false,
        input: [...(compacted.output as ResponseInputItem[]), { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Thanks' }] }],
      })
      expect(next.output_text).toBe('Done.')
      const sent = JSON.stringify((bridge.mock.requests[0]?.json as Body).messages)
      expect(sent).toContain(`Summary of the conversation so far:\\n\\n${SUMMARY}`)
      expect(sent).toContain('Thanks')
    })
  }
})

describe('compaction on a Responses target', () => {
  test('passes through to the upstream /v1/responses/compact and relays its answer', async () => {
    const { proxyUrl } = await bridge.mint(target('openai-responses'))
    const upstreamAnswer = {
      id: 'resp_cmp_1', object: 'response.compaction', created_at: 1770000000,
      output: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Create hello.txt saying hi' }] }, { type: 'compaction', id: 'cmp_1', encrypted_content: 'gAAAAopaque' }],
      usage: { input_tokens: 300, input_tokens_details: { cached_tokens: 0 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 320 },
    }
    bridge.mock.script(() => ({ json: upstreamAnswer }))
    const compacted = await client(proxyUrl).responses.compact({ model: 'gpt-5.1-codex', input: HISTORY } as OpenAI.Responses.ResponseCompactParams)
    expect(compacted).toEqual(upstreamAnswer as unknown as OpenAI.Responses.CompactedResponse)
    const [asked] = bridge.mock.requests
    expect(asked?.path).toBe('/v1/responses/compact')
    expect(asked?.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
    expect((asked?.json as { model?: string }).model).toBe('gpt-5')
  })
})
