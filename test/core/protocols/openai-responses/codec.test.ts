import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { openaiResponsesCodec as codec } from '../../../../src/core/protocols/openai-responses/index.ts'
import { isCompactRoute } from '../../../../src/core/protocols/openai-responses/routes.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { collectEvents } from '../../../../src/core/stream/collect-stream.ts'
import { bytesOf, collect } from './support.ts'

describe('routes', () => {
  test('responses with and without v1/ is a chat call; compact is a chat call marked for emulation', () => {
    for (const path of ['v1/responses', 'responses', '/v1/responses?x=1']) expect(codec.matchRoute('POST', path)).toEqual({ group: 'chat' })
    const compact = codec.matchRoute('POST', 'v1/responses/compact')
    expect(compact).toEqual({ group: 'chat', pathStream: false, operation: 'compact' })
    expect(isCompactRoute(compact!)).toBe(true)
    expect(isCompactRoute(codec.matchRoute('POST', 'v1/responses')!)).toBe(false)
    expect(codec.matchRoute('GET', 'v1/responses')).toBeUndefined()
  })

  test('models, embeddings and files are the OpenAI family endpoints; stored-response paths stay native', () => {
    expect(codec.matchRoute('GET', 'v1/models')).toEqual({ group: 'models' })
    expect(codec.matchRoute('GET', 'v1/models', new URLSearchParams('client_version=0.171.0'))).toEqual({ group: 'models', operation: 'model-catalog' })
    expect(codec.matchRoute('GET', 'v1/models/gpt-5')).toEqual({ group: 'models', pathModel: 'gpt-5' })
    expect(codec.matchRoute('POST', 'v1/embeddings')).toEqual({ group: 'embeddings' })
    expect(codec.matchRoute('GET', 'v1/files/f1')).toEqual({ group: 'files' })
    expect(codec.matchRoute('GET', 'v1/responses/resp_1')).toEqual({ group: 'responses' })
    expect(codec.matchRoute('POST', 'v1/chat/completions')).toBeUndefined()
  })
})

describe('codec members', () => {
  test('an SSE stream with a comment keepalive, sealed reasoning for other clients, the OpenAI wire family', () => {
    expect(codec.id).toBe('openai-responses')
    expect(codec.wireFamily).toBe('openai')
    expect(codec.stream).toMatchObject({ framing: 'sse', keepalive: ': keepalive\n\n' })
    expect(codec.stream.contentType.startsWith('text/event-stream')).toBe(true)
    expect(codec.stream.isStreamedAnswer('text/event-stream; charset=utf-8', { group: 'chat' })).toBe(true)
    expect(codec.stream.isStreamedAnswer('application/json', { group: 'chat' })).toBe(false)
    expect(codec.reasoning.carriesRaw).toEqual([])
  })

  test('input token counts route to count_tokens and have a local answer in the Responses shape', () => {
    expect(codec.matchRoute('POST', 'v1/responses/input_tokens')).toEqual({ group: 'count_tokens' })
    expect(codec.local.countTokens?.(42)).toEqual({ object: 'response.input_tokens', input_tokens: 42 })
  })

  test("the model list is OpenAI's list shape", () => {
    expect(codec.local.modelList?.(['a'], 'acme')).toEqual({ object: 'list', data: [{ id: 'a', object: 'model', created: 0, owned_by: 'acme' }] })
  })

  test('upstream paths drop a leading v1/ (the base URL has it); OpenAI headers pass through', () => {
    expect(codec.upstream.upstreamPath('v1/responses', 'v1')).toBe('responses')
    expect(codec.upstream.upstreamPath('responses', '')).toBe('responses')
    expect(codec.upstream.passthroughHeaders).toEqual(['openai-organization', 'openai-project', 'openai-beta'])
  })

  test('client setup names the OpenAI variables and a request that works as pasted', () => {
    expect(codec.client.envVars('http://h/proxy/t', 'k')).toEqual(['OPENAI_BASE_URL=http://h/proxy/t/v1', 'OPENAI_API_KEY=k'])
    expect(codec.client.exampleRequest('gpt-5')).toEqual({ path: 'v1/responses', headers: [], body: { model: 'gpt-5', input: 'Hello' } })
  })

  test("errors use OpenAI's shape with the bridge's fields", () => {
    const encoded = codec.encodeError(BridgeError.invalidRequest('no'), { requestId: 'req_1', docsUrl: 'https://d' })
    expect(encoded.status).toBe(400)
    expect(encoded.body).toMatchObject({ error: { message: 'no', type: 'invalid_request_error', param: null }, request_id: 'req_1', docs_url: 'https://d' })
  })
})

describe('decode-stream of an upstream custom tool call', () => {
  test('custom_tool_call_input deltas become {"input": …} argument fragments', async () => {
    const frames = [
      { type: 'response.created', response: { id: 'resp_1', model: 'gpt-5', created_at: 1 } },
      { type: 'response.output_item.added', output_index: 0, item: { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_1', name: 'apply_patch', input: '' } },
      { type: 'response.custom_tool_call_input.delta', output_index: 0, item_id: 'ctc_1', delta: '*** Begin "Patch"\n' },
      { type: 'response.custom_tool_call_input.delta', output_index: 0, item_id: 'ctc_1', delta: '*** End Patch' },
      { type: 'response.custom_tool_call_input.done', output_index: 0, item_id: 'ctc_1', input: '*** Begin "Patch"\n*** End Patch' },
      { type: 'response.output_item.done', output_index: 0, item: { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_1', name: 'apply_patch', input: '*** Begin "Patch"\n*** End Patch' } },
      { type: 'response.completed', response: { id: 'resp_1', status: 'completed', usage: { input_tokens: 5, output_tokens: 7 } } },
    ]
    const wire = frames.map((frame, position) => `event: ${frame.type}\ndata: ${JSON.stringify({ ...frame, sequence_number: position })}\n\n`).join('')
    const events: StreamEvent[] = (await collect(codec.decodeStream(bytesOf(wire, [11])))).flat()
    expect(findStreamViolations(events)).toEqual([])
    const response = collectEvents(events)
    expect(response.content).toEqual([{ type: 'tool-call', id: 'call_1', name: 'apply_patch', arguments: JSON.stringify({ input: '*** Begin "Patch"\n*** End Patch' }) }])
    expect(response.finishReason.kind).toBe('tool-calls')
  })
})
