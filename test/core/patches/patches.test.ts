import { describe, expect, test } from 'bun:test'
import type { ChatRequest, StreamEvent } from '../../../src/core/model/index.ts'
import { WarningSink } from '../../../src/core/model/index.ts'
import { applyRequestPatches, applyStreamPatches, PATCH_NAMES } from '../../../src/core/patches/index.ts'
import { decodeOpenaiStream as decodeStreamBatches } from '../../../src/core/protocols/openai/decode-stream.ts'
import type { EncodeContext } from '../../../src/core/protocols/codec.ts'
import { encodeOpenaiRequest as encodeRequest } from '../../../src/core/protocols/openai/encode-request.ts'
import { findStreamViolations } from '../../../src/core/stream/check-stream.ts'
import { collectStream } from '../../../src/core/stream/collect-stream.ts'

const request: ChatRequest = {
  model: 'm',
  system: [],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'hi' }] },
    { role: 'assistant', content: [{ type: 'reasoning', text: 'think' }, { type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' }] },
  ],
  tools: [{ name: 'f', inputSchema: { type: 'object' } }],
  maxOutputTokens: 500,
  topK: 20,
  reasoning: { enabled: true, effort: 'low' },
  stream: true,
}

function patchedBody(names: string[]): { body: Record<string, unknown>; warnings: WarningSink } {
  const warnings = new WarningSink()
  const body = encodeRequest(request, { upstreamModel: 'm', clientModel: 'm', warnings }).body as Record<string, unknown>
  return { body: applyRequestPatches(names, body, { request, warnings }), warnings }
}

describe('request patches', () => {
  test('max-completion-tokens renames max_tokens for reasoning models', () => {
    const { body } = patchedBody(['max-completion-tokens'])
    expect(body.max_completion_tokens).toBe(500)
    expect('max_tokens' in body).toBe(false)
  })

  test('strip-reasoning-content removes echoed reasoning; reasoning-field renames it', () => {
    const assistantOf = (body: Record<string, unknown>) => (body.messages as Array<Record<string, unknown>>)[1]
    expect(assistantOf(patchedBody([]).body)?.reasoning_content).toBe('think')
    expect('reasoning_content' in (assistantOf(patchedBody(['strip-reasoning-content']).body) ?? {})).toBe(false)
    const renamed = assistantOf(patchedBody(['reasoning-field']).body)
    expect([renamed?.reasoning, 'reasoning_content' in (renamed ?? {})]).toEqual(['think', false])
  })

  test('top-k restores top_k and withdraws the dropped-field warning', () => {
    const { body, warnings } = patchedBody(['top-k'])
    expect(body.top_k).toBe(20)
    expect(warnings.items.some((item) => item.field === 'top_k')).toBe(false)
  })

  test('no-stream-options and no-reasoning-effort drop their field with a warning', () => {
    const { body, warnings } = patchedBody(['no-stream-options', 'no-reasoning-effort'])
    expect('stream_options' in body || 'reasoning_effort' in body).toBe(false)
    expect(warnings.items.map((item) => item.field)).toContain('stream_options')
    expect(warnings.items.map((item) => item.field)).toContain('reasoning_effort')
  })

  test('no-tool-choice drops a forced choice with a warning', () => {
    const warnings = new WarningSink()
    const body = applyRequestPatches(['no-tool-choice'], { tool_choice: 'required' }, { request, warnings })
    expect('tool_choice' in body).toBe(false)
    expect(warnings.items.map((item) => item.field)).toEqual(['tool_choice'])
  })

  test('an unknown patch name is a warning, not a crash', () => {
    const { warnings } = patchedBody(['no-such-patch'])
    expect(warnings.items.map((item) => item.code)).toContain('unknown-patch')
  })

  test('every registered patch has a unique name', () => {
    expect(new Set(PATCH_NAMES).size).toBe(PATCH_NAMES.length)
  })
})

describe('tool-markup-in-text stream patch', () => {
  const chunk = (content: string, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'x', model: 'qwen', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`

  async function run(pieces: string[]): Promise<StreamEvent[]> {
    const wire = pieces.map((piece) => chunk(piece)).join('') + chunk('', 'stop') + 'data: [DONE]\n\n'
    async function* bytes() {
      yield new TextEncoder().encode(wire)
    }
    const out: StreamEvent[] = []
    for await (const batch of applyStreamPatches(['tool-markup-in-text'], decodeStreamBatches(bytes()))) out.push(...batch)
    return out
  }

  test('tool calls leaked as <tool_call> text become tool calls with a tool-calls finish', async () => {
    const events = await run(['Let me look.\n<tool', '_call>\n{"name": "read_file", "argu', 'ments": {"path": "a.txt"}}\n</tool_call>\n'])
    expect(findStreamViolations(events)).toEqual([])
    const response = await collectStream((async function* () { yield* events })())
    expect(response.content.map((part) => (part.type === 'tool-call' ? [part.name, part.arguments] : [part.type, 'text' in part ? part.text : '']))).toEqual([
      ['text', 'Let me look.\n'],
      ['read_file', '{"path":"a.txt"}'],
    ])
    expect(response.finishReason.kind).toBe('tool-calls')
  })

  test('text that only looks like markup stays text, and a plain answer is untouched', async () => {
    const broken = await collectStream((async function* () { yield* await run(['a <tool_call>not json</tool_call> b <tool']) })())
    expect(broken.content).toEqual([{ type: 'text', text: 'a <tool_call>not json</tool_call> b <tool' }])
    expect(broken.finishReason.kind).toBe('stop')
  })
})
