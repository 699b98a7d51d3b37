import { describe, expect, test } from 'bun:test'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { decodeOpenaiStream as decodeStreamBatches } from '../../../../src/core/protocols/openai/decode-stream.ts'
import { flattenBatches } from '../../../../src/core/stream/batches.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
const decodeStream = (body: AsyncIterable<Uint8Array>) => flattenBatches(decodeStreamBatches(body))
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { bytesOf, collectEvents, fixtureWireText } from './fixture-stream.ts'

const decode = (text: string, sizes: number[] = []): Promise<StreamEvent[]> => collectEvents(decodeStream(bytesOf(text, sizes)))

/** Deterministic pseudo-random chunk sizes (small, so splits land inside characters and CRLFs). */
function chunkSizes(seed: number, count: number): number[] {
  let state = seed
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return 1 + (state % 7)
  })
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`

describe('any split of the upstream bytes gives identical canonical events (LESSONS #22)', () => {
  const multiByte = chunk({ role: 'assistant', content: '' }) + chunk({ content: 'Grüße 🌍 日本語 ' }) + chunk({ reasoning_content: 'é😀' }) +
    chunk({ content: 'ok' }) + chunk({}, 'stop') + 'data: [DONE]\n\n'
  const inputs: Array<[string, string]> = [
    ['multi-byte text', multiByte],
    ['multi-byte text with CRLF', multiByte.replaceAll('\n', '\r\n')],
    ['openrouter comments and tools', fixtureWireText('openrouter-reasoning-details-parallel-tools.sse')],
    ['qwen tool call with CRLF', fixtureWireText('alibaba-qwen-tool-call.chunks.txt').replaceAll('\n', '\r\n')],
    ['recorded openai text with multi-byte characters', fixtureWireText('openai-text.chunks.txt')],
  ]
  for (const [label, text] of inputs) {
    test(label, async () => {
      const whole = await decode(text)
      expect(findStreamViolations(whole)).toEqual([])
      for (let seed = 1; seed <= 12; seed++) expect(await decode(text, chunkSizes(seed, 64))).toEqual(whole)
      expect(await decode(text, [1])).toEqual(whole)
    })
  }

  test('a character split across chunks is not replaced by U+FFFD', async () => {
    const events = await decode(multiByte, [1])
    const text = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('')
    expect(text).toBe('Grüße 🌍 日本語 ok')
    expect(text.includes('\uFFFD')).toBe(false)
  })
})

describe('broken upstream streams end in one canonical error, never a throw', () => {
  test('invalid JSON in an event becomes an error event after the text so far', async () => {
    const events = await decode(chunk({ content: 'Hi' }) + 'data: {"choices":[{\n\n' + chunk({}, 'stop'))
    expect(events.at(-1)?.type).toBe('error')
    expect(events.filter((event) => event.type === 'text-delta')).toHaveLength(1)
    expect(findStreamViolations(events)).toEqual([])
  })

  test('an in-stream error payload carries the upstream message', async () => {
    const events = await decode(chunk({ content: 'Hi' }) + 'data: {"error":{"message":"Rate limit reached for requests","type":"requests","code":429}}\n\n')
    const last = events.at(-1)
    if (last?.type !== 'error') throw new Error('expected an error event')
    expect(last.error.message).toBe('Rate limit reached for requests')
    expect(last.error.kind).toBe('rate-limit')
  })

  test('a stream cut before finish_reason and [DONE] is an error, not a silent stop', async () => {
    const events = await decode(chunk({ role: 'assistant', content: '' }) + chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } }] }))
    expect(events.at(-1)?.type).toBe('error')
    expect(findStreamViolations(events)).toEqual([])
  })

  test('an empty body is an error with a response-start before it', async () => {
    const events = await decode('')
    expect(events.map((event) => event.type)).toEqual(['response-start', 'error'])
  })

  test('a finish chunk without [DONE] is a complete answer', async () => {
    const events = await decode(chunk({ content: 'Hi' }) + chunk({}, 'length'))
    const last = events.at(-1)
    expect(last).toEqual({ type: 'response-end', finishReason: { kind: 'length', raw: 'length', protocol: 'openai' } })
  })

  test('a throwing body stream becomes an error event', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(chunk({ content: 'Hi' }))
      throw new Error('socket hang up sk-secret')
    }
    const events = await collectEvents(decodeStream(broken()))
    const last = events.at(-1)
    if (last?.type !== 'error') throw new Error('expected an error event')
    expect(last.error.message.includes('sk-secret')).toBe(false)
  })
})

describe('finish reasons', () => {
  const finishOf = async (finish: string, delta: Record<string, unknown> = { content: 'x' }) => {
    const events = await decode(chunk(delta) + chunk({}, finish) + 'data: [DONE]\n\n')
    const last = events.at(-1)
    return last?.type === 'response-end' ? last.finishReason : undefined
  }
  test('each standard finish_reason maps exactly, length is never reported as a stop', async () => {
    expect((await finishOf('stop'))?.kind).toBe('stop')
    expect((await finishOf('length'))?.kind).toBe('length')
    expect((await finishOf('content_filter'))?.kind).toBe('content-filter')
    expect((await finishOf('function_call'))?.kind).toBe('tool-calls')
    const call = { tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }
    expect((await finishOf('tool_calls', call))?.kind).toBe('tool-calls')
  })
  test('a stop with tool calls present is a tool-calls finish; unknown values stay raw', async () => {
    const call = { tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }
    expect(await finishOf('stop', call)).toEqual({ kind: 'tool-calls', raw: 'stop', protocol: 'openai' })
    expect(await finishOf('eos')).toEqual({ kind: 'stop', raw: 'eos', protocol: 'openai' })
  })
})
