import { describe, expect, test } from 'bun:test'
import type { ChatRequest } from '../../../src/core/model/index.ts'
import { estimateInputTokens } from '../../../src/core/tokens/estimate-tokens.ts'

const base: ChatRequest = {
  model: 'm', system: [], tools: [], stream: false,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris today?' }] }],
}

describe('estimateInputTokens (count_tokens for targets without a counter)', () => {
  test('grows with the system prompt, tools, images, documents, tool traffic and reasoning', () => {
    const baseline = estimateInputTokens(base)
    expect(baseline).toBeGreaterThan(0)
    const variants: Array<[string, ChatRequest]> = [
      ['system', { ...base, system: [{ type: 'text', text: 'You are Claude Code. '.repeat(200) }] }],
      ['tools', { ...base, tools: [{ name: 'Bash', description: 'Run a shell command', inputSchema: { type: 'object', properties: { command: { type: 'string' } } } }] }],
      ['image', { ...base, messages: [{ role: 'user', content: [...base.messages[0]!.content, { type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }] }] }],
      ['document', { ...base, messages: [{ role: 'user', content: [...base.messages[0]!.content, { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' } }] }] }],
      ['tool call and result', { ...base, messages: [
        ...base.messages,
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'weather', arguments: '{"city":"Paris"}' }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c', content: [{ type: 'text', text: '15°C, cloudy' }] }] },
      ] }],
      ['reasoning', { ...base, messages: [...base.messages, { role: 'assistant', content: [{ type: 'reasoning', text: 'Let me think about the weather carefully.' }] }] }],
    ]
    for (const [name, request] of variants) {
      expect({ name, grew: estimateInputTokens(request) > baseline }).toEqual({ name, grew: true })
    }
  })

  test('an image costs far more than its URL text', () => {
    const withImage: ChatRequest = { ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }] }] }
    expect(estimateInputTokens(withImage) - estimateInputTokens({ ...base, messages: [{ role: 'user', content: [] }] })).toBeGreaterThan(500)
  })

  test('scales roughly linearly with text length', () => {
    const long = (chars: number): ChatRequest => ({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'a'.repeat(chars) }] }] })
    const small = estimateInputTokens(long(4000))
    const large = estimateInputTokens(long(40000))
    expect(large / small).toBeGreaterThan(8)
    expect(large / small).toBeLessThan(12)
  })
})
