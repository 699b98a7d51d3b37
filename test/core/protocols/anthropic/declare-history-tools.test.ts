import { describe, expect, test } from 'bun:test'
import { WarningSink, type ChatRequest } from '../../../../src/core/model/index.ts'
import { anthropicCodec } from '../../../../src/core/protocols/anthropic/index.ts'

/** Codex's own compaction turn: the whole history, tool calls included, and no tools. */
const summarise: ChatRequest = {
  model: 'm',
  system: [],
  tools: [],
  toolChoice: 'auto',
  stream: false,
  maxOutputTokens: 1000,
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'run echo hi' }] },
    { role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'exec_command', arguments: '{"cmd":"echo hi"}' }] },
    { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'hi' }] }, { type: 'text', text: 'Summarise the conversation.' }] },
  ],
}

function encode(request: ChatRequest): { body: Record<string, unknown>; warnings: WarningSink } {
  const warnings = new WarningSink()
  const body = anthropicCodec.encodeRequest(request, { upstreamModel: 'claude', clientModel: 'm', warnings }).body as Record<string, unknown>
  return { body, warnings }
}

describe('a history with tool calls and no tools defined', () => {
  test('declares the tools the history called, uncallable, with a warning (Anthropic refuses tool blocks without tools)', () => {
    const { body, warnings } = encode(summarise)
    expect(body.tools).toEqual([{ name: 'exec_command', input_schema: { type: 'object', properties: {} } }])
    expect(body.tool_choice).toEqual({ type: 'none' })
    expect(warnings.items.map((warning) => warning.code)).toContain('declared-history-tools')
  })

  test('a request that defines tools keeps its own', () => {
    const { body, warnings } = encode({ ...summarise, tools: [{ name: 'exec_command', inputSchema: { type: 'object', properties: { cmd: { type: 'string' } } } }] })
    expect(body.tools).toEqual([{ name: 'exec_command', input_schema: { type: 'object', properties: { cmd: { type: 'string' } } } }])
    expect(body.tool_choice).toEqual({ type: 'auto' })
    expect(warnings.items.map((warning) => warning.code)).not.toContain('declared-history-tools')
  })
})
