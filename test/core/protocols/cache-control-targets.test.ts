/**
 * `cache_control` breakpoints as Claude Code sends them (system, the last user block, a tool
 * result, a tool), encoded for every target (LESSONS #9): kept by Anthropic, turned into
 * Bedrock's cachePoint blocks, kept on OpenAI Chat text parts only where the catalog says the
 * upstream takes them (OpenRouter), and removed with a warning everywhere else.
 */
import { describe, expect, test } from 'bun:test'
import { type ProtocolId, WarningSink } from '../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../src/core/protocols/codec.ts'
import { findCodec } from '../../../src/core/protocols/index.ts'

const EPHEMERAL = { type: 'ephemeral' }
const CLAUDE_CODE_BODY = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1000,
  system: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Project rules…', cache_control: EPHEMERAL }],
  tools: [{ name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: {} }, cache_control: EPHEMERAL }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Read main.ts' }] },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }] },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'console.log(1)', cache_control: EPHEMERAL }] },
        { type: 'text', text: 'Explain it', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
    },
  ],
}

function encodeFor(target: ProtocolId, cacheControl?: boolean): { body: string; warnings: WarningSink } {
  const source = findCodec('anthropic')!
  const request = source.decodeRequest(structuredClone(CLAUDE_CODE_BODY), { group: 'chat' }, new WarningSink())
  const warnings = new WarningSink()
  const context: EncodeContext = { upstreamModel: 'upstream-model', clientModel: request.model, warnings, clientRequest: request }
  if (cacheControl !== undefined) context.cacheControl = cacheControl
  const upstream = findCodec(target)!.encodeRequest(request, context)
  return { body: JSON.stringify(upstream.body), warnings }
}

const dropWarnings = (warnings: WarningSink) => warnings.items.filter((warning) => warning.field === 'cache_control')

describe('kept where the target accepts breakpoints', () => {
  test('Anthropic: every breakpoint where the client put it, ttl included', () => {
    const { body, warnings } = encodeFor('anthropic')
    const wire = JSON.parse(body) as typeof CLAUDE_CODE_BODY
    expect(wire.system[1]).toEqual({ type: 'text', text: 'Project rules…', cache_control: EPHEMERAL })
    expect(wire.tools[0]?.cache_control).toEqual(EPHEMERAL)
    expect(JSON.stringify(wire.messages.at(-1))).toContain('"cache_control":{"type":"ephemeral","ttl":"1h"}')
    expect(body.match(/cache_control/g)).toHaveLength(4)
    expect(dropWarnings(warnings)).toEqual([])
  })

  test('Bedrock: a cachePoint block after each marked block', () => {
    const { body, warnings } = encodeFor('bedrock')
    expect(body).not.toContain('cache_control')
    expect(body.match(/"cachePoint"/g)).toHaveLength(4)
    expect(body).toContain('{"cachePoint":{"type":"default","ttl":"1h"}}')
    expect(dropWarnings(warnings)).toEqual([])
  })

  test('OpenAI Chat toward an upstream the catalog says takes them: on system, user and tool-result text parts; a tool has no slot', () => {
    const { body, warnings } = encodeFor('openai', true)
    const wire = JSON.parse(body) as { messages: Array<{ role: string; content: unknown }> }
    expect(wire.messages[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Project rules…', cache_control: EPHEMERAL }] })
    expect(wire.messages.find((message) => message.role === 'tool')?.content).toEqual([{ type: 'text', text: 'console.log(1)', cache_control: EPHEMERAL }])
    expect(wire.messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'text', text: 'Explain it', cache_control: { type: 'ephemeral', ttl: '1h' } }] })
    expect(dropWarnings(warnings)).toHaveLength(1)
  })
})

describe('removed, with a warning, everywhere else', () => {
  for (const target of ['openai', 'openai-responses', 'gemini'] as const) {
    test(target, () => {
      const { body, warnings } = encodeFor(target)
      expect(body).not.toContain('cache_control')
      expect(body).not.toContain('ephemeral')
      expect(dropWarnings(warnings)).toHaveLength(1)
    })
  }

  test('OpenAI Chat without breakpoints keeps its plain string contents', () => {
    const { body } = encodeFor('openai')
    const wire = JSON.parse(body) as { messages: Array<{ role: string; content: unknown }> }
    expect(wire.messages[0]).toEqual({ role: 'system', content: 'You are Claude Code.\n\nProject rules…' })
    expect(wire.messages.find((message) => message.role === 'tool')?.content).toBe('console.log(1)')
    expect(wire.messages.at(-1)).toEqual({ role: 'user', content: 'Explain it' })
  })
})
