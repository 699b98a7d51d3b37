/**
 * The translated stream's stages between the target decoder and the source encoder, fused into
 * one loop over batches (src/proxy/translate-event-batches.ts): the guard, redaction, reasoning
 * seal, drain and log observer, each with its own rule.
 */
import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../src/core/errors.ts'
import type { StreamEvent } from '../../src/core/model/index.ts'
import { openReasoningSignature } from '../../src/core/reasoning/index.ts'
import { findStreamViolations } from '../../src/core/stream/check-stream.ts'
import { createDrain } from '../../src/proxy-guards/drain.ts'
import type { PipelineContext } from '../../src/proxy/pipeline-context.ts'
import { translateEventBatches } from '../../src/proxy/translate-event-batches.ts'
import { TEST_REASONING_KEY, testPipelineContext } from '../support/pipeline-context.ts'

const start: StreamEvent = { type: 'response-start', id: 'r1', model: 'm' }
const text: StreamEvent[] = [{ type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'Hel' }]
const end: StreamEvent = { type: 'response-end', finishReason: { kind: 'stop' } }

async function* batches(list: StreamEvent[][], failure?: unknown, hang = false): AsyncGenerator<StreamEvent[]> {
  for (const batch of list) yield batch
  if (failure !== undefined) throw failure
  if (hang) await new Promise(() => {})
}

async function run(list: StreamEvent[][], options: { failure?: unknown; hang?: boolean; context?: PipelineContext; sealOrigin?: 'openai' } = {}): Promise<StreamEvent[][]> {
  const context = options.context ?? testPipelineContext()
  const out: StreamEvent[][] = []
  for await (const batch of translateEventBatches(batches(list, options.failure, options.hang), { context, sealOrigin: options.sealOrigin })) out.push(batch)
  return out
}

describe('the guard', () => {
  test('a failure mid-stream becomes one error event after what arrived', async () => {
    const timeout = new BridgeError({ kind: 'upstream-timeout', code: 'UPSTREAM_TIMEOUT', status: 504, message: 'silent' })
    const events = (await run([[start], text], { failure: timeout })).flat()
    expect(events).toEqual([start, ...text, { type: 'error', error: timeout }])
    expect(findStreamViolations(events)).toEqual([])
  })

  test('a stream that stops without response-end gets an error, never a success marker', async () => {
    const events = (await run([[start, ...text]])).flat()
    expect(events.at(-1)?.type).toBe('error')
    expect(events.some((event) => event.type === 'response-end')).toBe(false)
  })

  test('a complete stream passes through unchanged, batch by batch', async () => {
    const complete = [[start, ...text], [{ type: 'text-end', index: 0 } as StreamEvent, end]]
    expect(await run(complete)).toEqual(complete)
  })

  test('a foreign exception does not leak its text to the client', async () => {
    const events = (await run([[start]], { failure: new TypeError('fetch failed for https://x/?key=sk-secret-123456789') })).flat()
    const last = events.at(-1)
    expect(last?.type === 'error' && last.error.code).toBe('UPSTREAM_ERROR')
    expect(JSON.stringify(last)).not.toContain('sk-secret')
  })

  test('an error event from the decoder is kept and nothing follows it, in its batch or after', async () => {
    const error = new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'bad json' })
    expect(await run([[start, { type: 'error', error }, ...text], [end]])).toEqual([[start, { type: 'error', error }]])
  })

  test('a client that left ends the stream without an error event (nobody to tell)', async () => {
    const context = testPipelineContext()
    context.abort.abort()
    await expect(run([[start]], { failure: new Error('aborted'), context })).rejects.toThrow('aborted')
  })
})

describe('redaction', () => {
  test("an upstream error echoing the key reaches the client and the log without it", async () => {
    const context = testPipelineContext({ secretForms: ['sk-up-123456789'] })
    const error = new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'bad key sk-up-123456789' })
    const events = (await run([[start, { type: 'error', error }]], { context })).flat()
    const last = events.at(-1)
    expect(last?.type === 'error' && last.error.message).toBe('bad key [redacted]')
    expect(context.draft.row.errorMessage).toBe('bad key [redacted]')
  })
})

describe('the reasoning seal', () => {
  const reasoning: StreamEvent[] = [
    start,
    { type: 'reasoning-start', index: 0 },
    { type: 'reasoning-delta', index: 0, text: 'thoughts' },
    { type: 'reasoning-signature', index: 0, signature: 'upstream-sig' },
    { type: 'reasoning-end', index: 0 },
    end,
  ]

  test('with an origin, the upstream signature goes out inside the envelope', async () => {
    const events = (await run([reasoning], { sealOrigin: 'openai' })).flat()
    const signature = events.find((event) => event.type === 'reasoning-signature')
    expect(signature?.type === 'reasoning-signature' && (await openReasoningSignature(TEST_REASONING_KEY, signature.signature, 'thoughts'))).toEqual({ origin: 'openai', signature: 'upstream-sig' })
  })

  test('without one (same protocol, or a codec whose tokens travel raw), the signature passes as it came', async () => {
    expect((await run([reasoning])).flat()).toEqual(reasoning)
  })
})

describe('the drain and the log observer', () => {
  test('usage and the terminal error reach the row; the stream counts as in flight until it ends', async () => {
    const drain = createDrain()
    const context = testPipelineContext({ drain })
    const running = run([[start, { type: 'usage', usage: { inputTokens: 7, outputTokens: 2 } }]], { context, hang: true })
    await Bun.sleep(10)
    expect(drain.inFlight()).toBe(1)
    drain.begin(20)
    const events = (await running).flat()
    expect(events.at(-1)?.type === 'error' && events.at(-1)).toMatchObject({ error: { message: expect.stringContaining('shutting down') } })
    expect(context.draft.row.usage).toMatchObject({ inputTokens: 7, outputTokens: 2 })
    expect(drain.inFlight()).toBe(0)
  })
})
