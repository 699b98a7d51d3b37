import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import { decodeOpenaiResponsesError, decodeStreamFailure } from '../../../../src/core/protocols/openai-responses/decode-error.ts'
import { decodeOpenaiResponsesResponse } from '../../../../src/core/protocols/openai-responses/decode-response.ts'
import { fixtureJson } from './support.ts'

describe('decode-response over the recorded JSON answers', () => {
  test('reasoning with encrypted_content, then the message; reasoning tokens in usage', () => {
    const body = fixtureJson('openai-reasoning-encrypted-content.json') as { output: Array<Record<string, unknown>> }
    const response = decodeOpenaiResponsesResponse(body)
    const reasoning = body.output.find((item) => item.type === 'reasoning')!
    expect(response.content[0]).toMatchObject({ type: 'reasoning', signature: reasoning.encrypted_content, origin: 'openai-responses' })
    expect(response.content.at(-1)?.type).toBe('text')
    expect(response.finishReason).toEqual({ kind: 'stop', raw: 'completed', protocol: 'openai-responses' })
    expect(response.usage?.reasoningTokens).toBeGreaterThan(0)
    expect(response.model).toBe('gpt-5-mini-2025-08-07')
    expect(response.created).toBe(1765591383)
  })

  test('an Azure function call: call_id becomes the tool-call id, the finish reason tool-calls', () => {
    const response = decodeOpenaiResponsesResponse(fixtureJson('azure-tool-call.json'))
    const call = response.content.find((part) => part.type === 'tool-call')
    expect(call?.type === 'tool-call' && call.id.startsWith('call_')).toBe(true)
    expect(call?.type === 'tool-call' && JSON.parse(call.arguments)).toBeTruthy()
    expect(response.finishReason.kind).toBe('tool-calls')
  })

  test('two phased messages (commentary, final answer) stay two text parts in order', () => {
    const response = decodeOpenaiResponsesResponse(fixtureJson('openai-phase-commentary-final-answer.json'))
    expect(response.content.filter((part) => part.type === 'text')).toHaveLength(2)
  })

  test('web search: the hosted search items are skipped, the answer text stays', () => {
    const response = decodeOpenaiResponsesResponse(fixtureJson('openai-web-search-annotations.json'))
    expect(response.content.every((part) => part.type !== 'tool-call')).toBe(true)
    expect(response.content.some((part) => part.type === 'text' && part.text.length > 100)).toBe(true)
    expect(response.finishReason.kind).toBe('stop')
  })

  test('a failed response in a 200 becomes the error it describes', () => {
    expect(() => decodeOpenaiResponsesResponse({ id: 'resp_1', status: 'failed', error: { code: 'server_error', message: 'The server had an error' }, output: [] })).toThrow(
      'The server had an error',
    )
  })

  test('a custom tool call decodes to arguments {"input": raw}', () => {
    const response = decodeOpenaiResponsesResponse({ id: 'resp_1', status: 'completed', output: [{ type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_1', name: 'apply_patch', input: 'a"b' }] })
    expect(response.content).toEqual([{ type: 'tool-call', id: 'call_1', name: 'apply_patch', arguments: '{"input":"a\\"b"}' }])
    expect(response.finishReason.kind).toBe('tool-calls')
  })
})

describe('decode-error', () => {
  test('unknown model (400 model_not_found) keeps the upstream message', () => {
    const error = decodeOpenaiResponsesError(400, fixtureJson('openai-error-400-model-not-found.json'), new Headers())
    expect(error.kind).toBe('invalid-request')
    expect(error.status).toBe(400)
    expect(error.message).toContain('does not exist')
  })

  test('insufficient quota is a rate-limit error that must not be retried', () => {
    const error = decodeOpenaiResponsesError(429, fixtureJson('openai-error-429-insufficient-quota.json'), new Headers({ 'retry-after': '3' }))
    expect(error.kind).toBe('rate-limit')
    expect(error.retryable).toBe(false)
  })

  test('in-stream failures infer the status from the code, nested or flat', () => {
    const flat = decodeStreamFailure({ type: 'error', code: 'rate_limit_exceeded', message: 'slow down', param: null }, 'x')
    const nested = decodeStreamFailure({ type: 'error', error: { code: 'context_length_exceeded', message: 'too long' } }, 'x')
    const server = decodeStreamFailure({ code: 'server_error', message: 'oops' }, 'x')
    expect([flat.kind, flat.status]).toEqual(['rate-limit', 429])
    expect([nested.kind, nested.status]).toEqual(['context-length', 400])
    expect([server.kind, server.retryable]).toEqual(['upstream', true])
    expect(server).toBeInstanceOf(BridgeError)
  })
})
