/**
 * The Responses stream the bridge sends a Responses client, read back three ways: by the official
 * openai SDK's ResponseStream (which validates item identities, indices and completion), by our
 * own decoder (round trip), and frame by frame for ordering and sequence numbers.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { APIError } from 'openai'
import { BridgeError } from '../../../../src/core/errors.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeOpenaiResponsesRequest } from '../../../../src/core/protocols/openai-responses/decode-request.ts'
import { decodeOpenaiResponsesStream } from '../../../../src/core/protocols/openai-responses/decode-stream.ts'
import { encodeOpenaiResponsesStream } from '../../../../src/core/protocols/openai-responses/encode-stream.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { collectEvents } from '../../../../src/core/stream/collect-stream.ts'
import { splitSseText } from '../../../../src/core/stream/grammar-check.ts'
import { CLIENT_MODEL, startSdkServer } from './sdk-server.ts'
import { batchesOf, bytesOf, collect, encodeContext } from './support.ts'

const server = startSdkServer()
afterAll(() => server.stop())

/** What an Anthropic upstream decodes to after the bridge sealed its reasoning: reasoning, text, two tool calls. */
const claudeToolTurn: StreamEvent[] = [
  { type: 'response-start', id: 'msg_01XyZ', model: 'claude-sonnet-4-5', created: 1741570000 },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Need the ' },
  { type: 'reasoning-delta', index: 0, text: 'weather.' },
  { type: 'reasoning-signature', index: 0, signature: 'lbr1.sealed.tag' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Let me check ' },
  { type: 'text-delta', index: 1, text: 'the weather.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'toolu_01A', name: 'get_weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city": "Pa' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: 'ris"}' },
  { type: 'tool-call-start', index: 3, id: 'toolu_01B', name: 'get_time' },
  { type: 'tool-call-end', index: 2 },
  { type: 'tool-call-end', index: 3 },
  { type: 'usage', usage: { inputTokens: 472, outputTokens: 10 } },
  { type: 'usage', usage: { outputTokens: 58, cacheReadTokens: 400, reasoningTokens: 12 } },
  { type: 'response-end', finishReason: { kind: 'tool-calls', raw: 'tool_use', protocol: 'anthropic' } },
]

const params = { model: CLIENT_MODEL, input: 'Weather in Paris?' }

async function wireOf(events: StreamEvent[], clientBody: Record<string, unknown> = params): Promise<string> {
  const context = encodeContext(decodeOpenaiResponsesRequest(clientBody, { group: 'chat' }, new WarningSink()))
  return (await collect(encodeOpenaiResponsesStream(batchesOf(events), context))).join('')
}

describe('encode-stream read by the official openai SDK', () => {
  test('the stream helper accumulates reasoning, text, both calls, usage with details and status completed', async () => {
    server.answer({ kind: 'stream', events: claudeToolTurn })
    const response = await server.client.responses.stream(params).finalResponse()
    expect(response.status).toBe('completed')
    expect(response.model).toBe(CLIENT_MODEL)
    expect(response.id).toBe('resp_msg_01XyZ')
    expect(response.output_text).toBe('Let me check the weather.')
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call'])
    const [reasoning, , first, second] = response.output
    expect(reasoning).toMatchObject({ summary: [{ type: 'summary_text', text: 'Need the weather.' }], encrypted_content: 'lbr1.sealed.tag' })
    expect(first).toMatchObject({ call_id: 'toolu_01A', name: 'get_weather', arguments: '{"city": "Paris"}', status: 'completed' })
    expect(second).toMatchObject({ call_id: 'toolu_01B', name: 'get_time', arguments: '{}' })
    expect(response.usage).toEqual({
      input_tokens: 472,
      input_tokens_details: { cached_tokens: 400, cache_write_tokens: 0 },
      output_tokens: 58,
      output_tokens_details: { reasoning_tokens: 12 },
      total_tokens: 530,
    })
  })

  test('max tokens ends with response.incomplete and its reason', async () => {
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'chatcmpl-1', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'cut' },
      { type: 'text-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'length', raw: 'length', protocol: 'openai' } },
    ]
    server.answer({ kind: 'stream', events })
    const response = await server.client.responses.stream(params).finalResponse()
    expect(response.status).toBe('incomplete')
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' })
    expect(response.output_text).toBe('cut')
    expect(server.lastWire()).toContain('event: response.incomplete')
  })

  test('a mid-stream error reaches the SDK as an APIError with the real message', async () => {
    const error = new BridgeError({ kind: 'overloaded', code: 'UPSTREAM_ERROR', status: 503, message: 'Overloaded upstream' })
    server.answer({ kind: 'stream', events: [{ type: 'response-start', id: 'x', model: 'm' }, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'par' }, { type: 'error', error }] })
    const failure = await server.client.responses.stream(params).finalResponse().catch((caught: unknown) => caught)
    expect(failure).toBeInstanceOf(APIError)
    expect((failure as APIError).message).toContain('Overloaded upstream')
    const types = splitSseText(server.lastWire()).map((frame) => frame.event)
    expect(types.slice(-2)).toEqual(['error', 'response.failed'])
  })

  test('a custom tool call goes back as custom_tool_call with its raw input streamed', async () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+say "hi"\\n\n*** End Patch'
    const args = JSON.stringify({ input: patch })
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'r', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'call_p', name: 'apply_patch' },
      ...[...args.matchAll(/.{1,7}/gs)].map((match): StreamEvent => ({ type: 'tool-call-delta', index: 0, argumentsDelta: match[0] })),
      { type: 'tool-call-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'tool-calls' } },
    ]
    const body = { ...params, tools: [{ type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } }] }
    server.answer({ kind: 'stream', events })
    const response = await server.client.responses.stream(body as never).finalResponse()
    expect(response.output).toEqual([expect.objectContaining({ type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: patch })])
    const deltas = splitSseText(server.lastWire())
      .filter((frame) => frame.event === 'response.custom_tool_call_input.delta')
      .map((frame) => (JSON.parse(frame.data) as { delta: string }).delta)
    expect(deltas.length).toBeGreaterThan(3)
    expect(deltas.join('')).toBe(patch)
  })

  test('a flattened namespace member goes back with its namespace and bare name', async () => {
    const body = { ...params, tools: [{ type: 'namespace', name: 'mcp__docs', description: 'Docs', tools: [{ type: 'function', name: 'search', parameters: { type: 'object' } }] }] }
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'r', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'call_n', name: 'mcp__docs__search' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"q":"x"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'tool-calls' } },
    ]
    server.answer({ kind: 'stream', events })
    const response = await server.client.responses.stream(body as never).finalResponse()
    expect(response.output[0]).toMatchObject({ type: 'function_call', namespace: 'mcp__docs', name: 'search', arguments: '{"q":"x"}' })
  })

  test('a non-streamed answer is a Response the SDK reads, with output_text and usage', async () => {
    server.answer({ kind: 'response', response: collectEvents(claudeToolTurn) })
    const response = await server.client.responses.create(params)
    expect(response.output_text).toBe('Let me check the weather.')
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call'])
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(12)
  })

  test('an HTTP error is an APIError with the status and message', async () => {
    server.answer({ kind: 'error', error: BridgeError.invalidRequest('store: true is not supported') })
    const failure = await server.client.responses.create(params).catch((caught: unknown) => caught)
    expect(failure).toBeInstanceOf(APIError)
    expect((failure as APIError).status).toBe(400)
    expect((failure as APIError).message).toContain('store: true is not supported')
  })
})

describe('encode-stream wire order', () => {
  test('sequence numbers run 0, 1, 2… and every frame is named after its type', async () => {
    const frames = splitSseText(await wireOf(claudeToolTurn))
    const payloads = frames.map((frame) => JSON.parse(frame.data) as { type: string; sequence_number: number })
    expect(payloads.map((payload) => payload.sequence_number)).toEqual(payloads.map((_, position) => position))
    expect(frames.every((frame, position) => frame.event === payloads[position]?.type)).toBe(true)
    expect(payloads.slice(0, 2).map((payload) => payload.type)).toEqual(['response.created', 'response.in_progress'])
    expect(payloads.at(-1)?.type).toBe('response.completed')
  })

  test('every item opens and closes in nesting order, output indices allocated in order', async () => {
    const payloads = splitSseText(await wireOf(claudeToolTurn)).map((frame) => JSON.parse(frame.data) as Record<string, unknown>)
    const textEvents = payloads.filter((payload) => payload.output_index === 1).map((payload) => payload.type)
    expect(textEvents).toEqual([
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
    ])
    const added = payloads.filter((payload) => payload.type === 'response.output_item.added').map((payload) => payload.output_index)
    expect(added).toEqual([0, 1, 2, 3])
  })

  test('each chunk holds whole frames only, so a keepalive between chunks lands between events', async () => {
    const context = encodeContext()
    for (const chunk of await collect(encodeOpenaiResponsesStream(batchesOf(claudeToolTurn, 2), context))) {
      expect(typeof chunk === 'string' && chunk.endsWith('\n\n')).toBe(true)
    }
  })
})

describe('encode-stream round trip through our own decoder', () => {
  test('text, reasoning with its token, tool calls, usage and finish kind survive', async () => {
    const decoded = (await collect(decodeOpenaiResponsesStream(bytesOf(await wireOf(claudeToolTurn), [13])))).flat()
    expect(findStreamViolations(decoded)).toEqual([])
    const original = collectEvents(claudeToolTurn)
    const back = collectEvents(decoded)
    expect(back.content).toEqual(original.content.map((part) => (part.type === 'tool-call' && part.arguments === '' ? { ...part, arguments: '{}' } : part)))
    expect(back.usage).toEqual({ ...original.usage!, cacheWriteTokens: 0 })
    expect(back.finishReason.kind).toBe('tool-calls')
  })

  test('a custom tool call comes back as the same {"input"} arguments', async () => {
    const patch = 'line "one"\nline \\two\\ \u00e9'
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'r', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'c', name: 'apply_patch' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: JSON.stringify({ input: patch }) },
      { type: 'tool-call-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'tool-calls' } },
    ]
    const wire = await wireOf(events, { ...params, tools: [{ type: 'custom', name: 'apply_patch' }] })
    const back = collectEvents((await collect(decodeOpenaiResponsesStream(bytesOf(wire)))).flat())
    expect(back.content).toEqual([{ type: 'tool-call', id: 'c', name: 'apply_patch', arguments: JSON.stringify({ input: patch }) }])
  })
})
