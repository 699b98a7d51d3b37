/**
 * The encoders write their per-token frames (text, reasoning, tool-argument deltas) from string
 * templates for speed. Those frames must be the very bytes JSON.stringify of the frame object
 * writes: same keys in the same order, same escaping. Each data line is compared with the
 * stringified object it stands for, over strings chosen to stress escaping.
 */
import { eventsAsBatches } from '../../../src/core/stream/batches.ts'
import { describe, expect, test } from 'bun:test'
import type { StreamEvent } from '../../../src/core/model/index.ts'
import { WarningSink } from '../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../src/core/protocols/codec.ts'
import { findCodec } from '../../../src/core/protocols/index.ts'

const TRICKY = ['plain', 'quote " and backslash \\', 'line\nbreak\r\nand\ttab', 'é😀\u2028\u2029', '\u0000\u001f control', '</script>', '{"json":[1,2]}', ' ']

const context = (extensions?: EncodeContext['clientRequest']): EncodeContext => ({
  upstreamModel: 'm', clientModel: 'client "model"', warnings: new WarningSink(), ...(extensions ? { clientRequest: extensions } : {}),
})

async function encode(protocol: 'openai' | 'anthropic', events: StreamEvent[], ctx: EncodeContext): Promise<string[]> {
  const codec = findCodec(protocol)!
  const chunks: string[] = []
  for await (const chunk of codec.encodeStream(eventsAsBatches(events), ctx)) chunks.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk))
  return chunks.join('').split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6))
}

function streamOf(): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'response-start', id: 'resp-"1"', model: 'm', created: 1700000000 }]
  events.push({ type: 'reasoning-start', index: 0 })
  for (const text of TRICKY) events.push({ type: 'reasoning-delta', index: 0, text })
  events.push({ type: 'reasoning-end', index: 0 }, { type: 'text-start', index: 1 })
  for (const text of TRICKY) events.push({ type: 'text-delta', index: 1, text })
  events.push({ type: 'text-end', index: 1 }, { type: 'tool-call-start', index: 2, id: 'call_1', name: 'f' })
  for (const text of TRICKY) events.push({ type: 'tool-call-delta', index: 2, argumentsDelta: text })
  events.push({ type: 'tool-call-end', index: 2 }, { type: 'response-end', finishReason: { kind: 'tool-calls' } })
  return events
}

describe('templated delta frames are byte-identical to the stringified frame object', () => {
  for (const includeUsage of [false, true]) {
    test(`OpenAI chunks (include_usage ${includeUsage})`, async () => {
      const ctx = context(includeUsage ? { extensions: { openai: { stream_options: { include_usage: true } } } } as unknown as EncodeContext['clientRequest'] : undefined)
      const lines = await encode('openai', streamOf(), ctx)
      const deltas = lines.filter((line) => line.includes('"content":') || line.includes('"reasoning_content":'))
      expect(deltas.length).toBeGreaterThanOrEqual(TRICKY.length * 2)
      for (const line of deltas) {
        const parsed = JSON.parse(line) as { id: string; created: number; model: string; choices: [{ delta: Record<string, string> }] }
        const expected: Record<string, unknown> = {
          id: parsed.id, object: 'chat.completion.chunk', created: parsed.created, model: parsed.model,
          choices: [{ index: 0, delta: parsed.choices[0].delta, logprobs: null, finish_reason: null }],
        }
        if (includeUsage) expected.usage = null
        expect(line).toBe(JSON.stringify(expected))
      }
      const texts = deltas.map((line) => (JSON.parse(line) as { choices: [{ delta: { content?: string; reasoning_content?: string } }] }).choices[0].delta)
      expect(texts.filter((d) => d.reasoning_content !== undefined).map((d) => d.reasoning_content)).toEqual(TRICKY)
      expect(texts.filter((d) => d.content !== undefined && d.content !== '').map((d) => d.content)).toEqual(TRICKY)
    })
  }

  test('Anthropic content_block_delta frames', async () => {
    const lines = await encode('anthropic', streamOf(), context())
    const deltas = lines.map((line) => ({ line, parsed: JSON.parse(line) as { type: string; index: number; delta: Record<string, string> } }))
      .filter(({ parsed }) => parsed.type === 'content_block_delta' && parsed.delta.type !== 'signature_delta')
    const byType = (type: string, key: string) => deltas.filter(({ parsed }) => parsed.delta.type === type).map(({ parsed }) => parsed.delta[key])
    expect(byType('thinking_delta', 'thinking')).toEqual(TRICKY)
    expect(byType('text_delta', 'text')).toEqual(TRICKY)
    expect(byType('input_json_delta', 'partial_json')).toEqual(TRICKY)
    for (const { line, parsed } of deltas) {
      const key = ({ text_delta: 'text', thinking_delta: 'thinking', input_json_delta: 'partial_json' } as Record<string, string>)[parsed.delta.type ?? ''] ?? ''
      expect(line).toBe(JSON.stringify({ type: 'content_block_delta', index: parsed.index, delta: { type: parsed.delta.type, [key]: parsed.delta[key] } }))
    }
  })
})
