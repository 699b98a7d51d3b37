import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../src/core/errors.ts'
import type { StreamEvent } from '../../src/core/model/index.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import { idleTimeoutError } from '../../src/upstream/timeouts.ts'
import { sse } from '../support/fault-upstream.ts'

const firstEvent: Record<'openai' | 'anthropic', string> = {
  openai: sse({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] }),
  anthropic:
    sse({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'm', stop_reason: null, usage: { input_tokens: 1, output_tokens: 1 } } }, 'message_start') +
    sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start') +
    sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } }, 'content_block_delta'),
}

/** A body that delivers one event, then fails the way the body guard does. */
async function* failingBody(first: string, failure: unknown): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(first)
  throw failure
}

async function decode(protocol: 'openai' | 'anthropic', failure: unknown): Promise<StreamEvent[]> {
  const codec = findCodec(protocol)
  if (!codec) throw new Error(`no ${protocol} codec`)
  const out: StreamEvent[] = []
  for await (const batch of codec.decodeStream(failingBody(firstEvent[protocol], failure))) out.push(...batch)
  return out
}

describe.each(['openai', 'anthropic'] as const)('the %s stream decoder', (protocol) => {
  test('keeps a BridgeError from the body (an idle timeout reaches the client as UPSTREAM_TIMEOUT)', async () => {
    const timeout = idleTimeoutError(50)
    const last = (await decode(protocol, timeout)).at(-1)
    expect(last?.type).toBe('error')
    const error = last?.type === 'error' ? last.error : undefined
    expect(error).toBe(timeout)
    expect(error?.code).toBe('UPSTREAM_TIMEOUT')
  })

  test('replaces any other body error with a generic one that quotes nothing', async () => {
    const last = (await decode(protocol, new TypeError('socket hang up at https://api.example.com/?key=sk-secret'))).at(-1)
    const error = last?.type === 'error' ? last.error : undefined
    expect(error).toBeInstanceOf(BridgeError)
    expect(error?.code).toBe('UPSTREAM_ERROR')
    expect(error?.message).not.toContain('sk-secret')
  })
})
