import { describe, expect, test } from 'bun:test'
import type { ChatRequest } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
import { encodeOpenaiRequest as encodeRequest } from '../../../../src/core/protocols/openai/encode-request.ts'

function context(extra: Partial<EncodeContext> = {}): EncodeContext {
  return { upstreamModel: 'deepseek-chat', clientModel: 'claude-sonnet-4-5', warnings: new WarningSink(), ...extra }
}

const base: ChatRequest = { model: 'claude-sonnet-4-5', system: [], messages: [], tools: [], stream: false }

/** What Claude Code sends after a parallel tool-use turn, decoded to canonical form. */
const claudeCodeTurn: ChatRequest = {
  ...base,
  system: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Be concise.', cacheControl: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Read both files.' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Two reads.', signature: 'EqQBCkYIBxgCKkD', origin: 'anthropic' },
        { type: 'text', text: 'Reading.' },
        { type: 'tool-call', id: 'toolu_A', name: 'read', arguments: '{"path":"a"}' },
        { type: 'tool-call', id: 'toolu_B', name: 'read', arguments: '{"path":"b"}' },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool-result', toolCallId: 'toolu_B', content: [{ type: 'text', text: 'not found' }], isError: true },
        { type: 'tool-result', toolCallId: 'toolu_A', content: [{ type: 'text', text: 'screenshot:' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } }] },
        { type: 'text', text: 'Continue.' },
      ],
    },
  ],
  tools: [{ name: 'read', description: 'Read a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } }, cacheControl: { type: 'ephemeral' } }],
  toolChoice: 'required',
  parallelToolCalls: false,
  maxOutputTokens: 64000,
  topK: 40,
  stopSequences: ['</done>'],
  reasoning: { enabled: true, budgetTokens: 10000 },
  stream: true,
}

describe('Claude Code turn → OpenAI-compatible wire', () => {
  const ctx = context({ maxOutputTokensCap: 8192 })
  const upstream = encodeRequest(claudeCodeTurn, ctx)
  const body = upstream.body as Record<string, unknown>

  test('path is relative to a base URL that already ends in /v1', () => {
    expect(upstream.path).toBe('chat/completions')
    expect(upstream.stream).toBe(true)
  })

  test('messages: one system string, assistant text with tool calls and reasoning_content, tool messages in call order, image carried in a user message', () => {
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are Claude Code.\n\nBe concise.' },
      { role: 'user', content: 'Read both files.' },
      {
        role: 'assistant',
        content: 'Reading.',
        reasoning_content: 'Two reads.',
        tool_calls: [
          { id: 'toolu_A', type: 'function', function: { name: 'read', arguments: '{"path":"a"}' } },
          { id: 'toolu_B', type: 'function', function: { name: 'read', arguments: '{"path":"b"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_A', content: 'screenshot:\n[1 image(s) follow in the next user message]' },
      { role: 'tool', tool_call_id: 'toolu_B', content: 'Error: not found' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Image returned by tool call toolu_A:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
          { type: 'text', text: 'Continue.' },
        ],
      },
    ])
  })

  test('parameters: tools, required choice, no parallel calls, clamped max_tokens, stop, effort, usage in streams', () => {
    expect(body.model).toBe('deepseek-chat')
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'read', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }])
    expect(body.tool_choice).toBe('required')
    expect(body.parallel_tool_calls).toBe(false)
    expect(body.max_tokens).toBe(8192)
    expect(body.stop).toEqual(['</done>'])
    expect(body.reasoning_effort).toBe('medium')
    expect(body.stream).toBe(true)
    expect(body.stream_options).toEqual({ include_usage: true })
    expect('top_k' in body).toBe(false)
    expect(JSON.stringify(body).includes('cache_control')).toBe(false)
    expect(JSON.stringify(body).includes('EqQBCkYIBxgCKkD')).toBe(false)
  })

  test('everything dropped or clamped is reported as a warning', () => {
    const codes = ctx.warnings.items.map((item) => `${item.code}:${item.field}`)
    expect(codes).toContain('clamped-max-tokens:max_tokens')
    expect(codes).toContain('dropped-field:top_k')
    expect(codes).toContain('dropped-field:cache_control')
  })
})

describe('single features', () => {
  test('a URL image stays a URL, never a broken data URI', () => {
    const body = encodeRequest({ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }] }] }, context()).body as { messages: unknown[] }
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }])
  })

  test('tool choice by name and none', () => {
    const tools = [{ name: 'f', inputSchema: { type: 'object' } }]
    const named = encodeRequest({ ...base, tools, toolChoice: { name: 'f' } }, context()).body as Record<string, unknown>
    expect(named.tool_choice).toEqual({ type: 'function', function: { name: 'f' } })
    const none = encodeRequest({ ...base, tools, toolChoice: 'none' }, context()).body as Record<string, unknown>
    expect(none.tool_choice).toBe('none')
  })

  test('OpenRouter reasoning_details held in the signature go back with the assistant turn', () => {
    const details = [{ type: 'reasoning.text', text: 'hm', signature: 'sig', format: 'anthropic-claude-v1', index: 0 }]
    const body = encodeRequest({
      ...base,
      messages: [{ role: 'assistant', content: [{ type: 'reasoning', text: 'hm', signature: JSON.stringify(details), origin: 'openai' }, { type: 'text', text: 'ok' }] }],
    }, context()).body as { messages: Array<Record<string, unknown>> }
    expect(body.messages[0]).toEqual({ role: 'assistant', content: 'ok', reasoning_content: 'hm', reasoning_details: details })
  })

  test('response formats and user', () => {
    const schema = encodeRequest({ ...base, responseFormat: { type: 'json-schema', name: 'out', schema: { type: 'object' }, strict: true }, user: 'u1' }, context()).body as Record<string, unknown>
    expect(schema.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } })
    expect(schema.user).toBe('u1')
    const object = encodeRequest({ ...base, responseFormat: { type: 'json-object' } }, context()).body as Record<string, unknown>
    expect(object.response_format).toEqual({ type: 'json_object' })
  })

  test('effort buckets from a thinking budget, effort kept, disabled reasoning omitted', () => {
    const effortOf = (reasoning: ChatRequest['reasoning']) => (encodeRequest({ ...base, reasoning }, context()).body as Record<string, unknown>).reasoning_effort
    expect(effortOf({ enabled: true, budgetTokens: 1024 })).toBe('low')
    expect(effortOf({ enabled: true, budgetTokens: 16384 })).toBe('high')
    expect(effortOf({ enabled: true, effort: 'minimal' })).toBe('minimal')
    expect(effortOf({ enabled: false })).toBeUndefined()
  })

  test('Claude Code adaptive thinking sends no reasoning_effort to a model not known to reason (gpt-4o answers 400)', () => {
    const adaptive: ChatRequest['reasoning'] = { enabled: true, adaptive: true, effort: 'medium' }
    const send = (extra: Partial<EncodeContext>) => {
      const ctx = context(extra)
      const body = encodeRequest({ ...base, reasoning: adaptive }, ctx).body as Record<string, unknown>
      return { effort: body.reasoning_effort, warnings: ctx.warnings.items.map((item) => item.field) }
    }
    expect(send({ upstreamReasons: true })).toEqual({ effort: 'medium', warnings: [] })
    expect(send({ upstreamReasons: false })).toEqual({ effort: undefined, warnings: ['reasoning_effort'] })
    expect(send({})).toEqual({ effort: undefined, warnings: ['reasoning_effort'] })
  })

  test("an explicit thinking budget is the client's own request: sent unless the catalog knows the model cannot take it", () => {
    const explicit: ChatRequest['reasoning'] = { enabled: true, budgetTokens: 4096 }
    const effortWith = (extra: Partial<EncodeContext>) => (encodeRequest({ ...base, reasoning: explicit }, context(extra)).body as Record<string, unknown>).reasoning_effort
    expect(effortWith({})).toBe('medium')
    expect(effortWith({ upstreamReasons: false })).toBeUndefined()
  })

  test('an OpenAI client request re-encodes its extra fields and strict tools', () => {
    const request: ChatRequest = {
      ...base,
      tools: [{ name: 'f', inputSchema: { type: 'object' } }],
      extensions: { openai: { seed: 3, tool_strict: { f: true }, stream_options: { include_usage: false } } },
    }
    const body = encodeRequest(request, context()).body as Record<string, unknown>
    expect(body.seed).toBe(3)
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'f', parameters: { type: 'object' }, strict: true } }])
    expect('tool_strict' in body || 'stream_options' in body).toBe(false)
  })

  test('an assistant turn with neither text nor tool calls is skipped', () => {
    const body = encodeRequest({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }, { role: 'assistant', content: [] }] }, context()).body as { messages: unknown[] }
    expect(body.messages).toHaveLength(1)
  })
})
