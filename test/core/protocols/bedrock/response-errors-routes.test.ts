import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import type { ChatResponse } from '../../../../src/core/model/index.ts'
import { bedrockCodec } from '../../../../src/core/protocols/bedrock/index.ts'
import { matchBedrockRoute, replacePathModel } from '../../../../src/core/protocols/bedrock/routes.ts'
import { collectEvents } from '../../../../src/core/stream/collect-stream.ts'
import { responseToEvents } from '../../../../src/core/stream/response-to-events.ts'
import { findStreamViolations } from '../../../../src/core/stream/check-stream.ts'
import { encodeContext, readFixtureJson, responseFixtures } from './support.ts'

const ERROR_TYPE = (name: string) => new Headers({ 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/` })

describe('decode-response / encode-response', () => {
  for (const name of responseFixtures()) {
    test(`${name} decodes, replays as a valid stream, and re-encodes to the same content`, () => {
      const wire = readFixtureJson(name) as { output: { message: { content: unknown[] } }; stopReason: string }
      const response = bedrockCodec.decodeResponse(wire)
      expect(findStreamViolations([...responseToEvents(response)])).toEqual([])
      // Stream events carry no origin: the pipeline knows it from the upstream's protocol.
      const withoutOrigin = { ...response, content: response.content.map((part) => (part.type === 'reasoning' ? { ...part, origin: undefined } : part)) }
      expect(collectEvents(responseToEvents(response))).toEqual(withoutOrigin)
      const again = bedrockCodec.encodeResponse(response, encodeContext()) as typeof wire
      expect(again.output.message.content).toEqual(wire.output.message.content)
      expect(again.stopReason).toBe(wire.stopReason)
    })
  }

  test('cache reads sit beside inputTokens (Nova reports 0 input on a full cache hit)', () => {
    const response = bedrockCodec.decodeResponse(readFixtureJson('bedrock-nova-cache-read.json'))
    expect(response.usage).toEqual({ inputTokens: 27, outputTokens: 48, cacheReadTokens: 27, cacheWriteTokens: 0 })
    expect((bedrockCodec.encodeResponse(response, encodeContext()) as { usage: unknown }).usage).toEqual({
      inputTokens: 0, outputTokens: 48, totalTokens: 75, cacheReadInputTokens: 27, cacheWriteInputTokens: 0,
    })
  })

  test('guardrail_intervened is a content filter that a Bedrock client gets back exactly', () => {
    const response = bedrockCodec.decodeResponse(readFixtureJson('bedrock-nova-guardrail-intervened.json'))
    expect(response.finishReason).toEqual({ kind: 'content-filter', raw: 'guardrail_intervened', protocol: 'bedrock' })
    const foreign: ChatResponse = { ...response, finishReason: { kind: 'content-filter', raw: 'refusal', protocol: 'anthropic' } }
    expect((bedrockCodec.encodeResponse(foreign, encodeContext()) as { stopReason: string }).stopReason).toBe('content_filtered')
  })

  test('reasoning after the answer (DeepSeek-R1) keeps its place and has no signature', () => {
    const response = bedrockCodec.decodeResponse(readFixtureJson('bedrock-deepseek-r1-reasoning-after-text.json'))
    expect(response.content.map((part) => part.type)).toEqual(['text', 'reasoning'])
    expect(response.content[1]).toMatchObject({ origin: 'bedrock' })
    expect(response.content[1]).not.toHaveProperty('signature')
  })

  test.each([
    ['max_tokens', 'length'], ['stop_sequence', 'stop-sequence'], ['tool_use', 'tool-calls'], ['content_filtered', 'content-filter'],
    ['model_context_window_exceeded', 'context-window'], ['malformed_tool_use', 'error'], ['end_turn', 'stop'], ['something_new', 'other'],
  ])('stopReason %s means %s', (stopReason, kind) => {
    const response = bedrockCodec.decodeResponse({ output: { message: { role: 'assistant', content: [] } }, stopReason })
    expect(response.finishReason.kind).toBe(kind as ChatResponse['finishReason']['kind'])
  })

  test('an answer that is not a Converse response is an upstream error', () => {
    expect(() => bedrockCodec.decodeResponse({ content: [] })).toThrow(BridgeError)
  })
})

describe('decode-error / encode-error', () => {
  test('the exception name comes from x-amzn-errortype; the message from the body', () => {
    const notFound = bedrockCodec.decodeError(404, readFixtureJson('bedrock-error-404-end-of-life.json'), ERROR_TYPE('ResourceNotFoundException'))
    expect(notFound).toMatchObject({ kind: 'not-found', status: 404, upstreamStatus: 404, retryable: false, message: expect.stringContaining('end of its life') })
    const needsProfile = bedrockCodec.decodeError(400, readFixtureJson('bedrock-error-400-needs-inference-profile.json'), ERROR_TYPE('ValidationException'))
    expect(needsProfile).toMatchObject({ kind: 'invalid-request', status: 400, message: expect.stringContaining('inference profile') })
  })

  test.each([
    ['ThrottlingException', 429, 'rate-limit', true],
    ['ServiceQuotaExceededException', 400, 'rate-limit', false],
    ['AccessDeniedException', 403, 'permission', false],
    ['UnrecognizedClientException', 403, 'authentication', false],
    ['ModelTimeoutException', 408, 'upstream-timeout', true],
    ['ModelErrorException', 424, 'upstream', true],
    ['ServiceUnavailableException', 503, 'overloaded', true],
  ] as const)('%s (%d) is %s, retryable %s', (name, status, kind, retryable) => {
    expect(bedrockCodec.decodeError(status, { Message: 'x' }, ERROR_TYPE(name))).toMatchObject({ kind, retryable, message: 'x' })
  })

  test('a context overflow is recognised in a ValidationException', () => {
    const error = bedrockCodec.decodeError(400, { message: 'prompt is too long: 210000 tokens > 200000 maximum' }, ERROR_TYPE('ValidationException'))
    expect(error.kind).toBe('context-length')
  })

  test('without a header, the status decides; a text body is the message', () => {
    expect(bedrockCodec.decodeError(500, 'gateway broke', new Headers())).toMatchObject({ kind: 'upstream', retryable: true, message: 'gateway broke' })
  })

  test('bad credentials go to a Bedrock client with AWS’s 403, whatever status the bridge gave them', () => {
    const error = new BridgeError({ kind: 'authentication', code: 'UPSTREAM_ERROR', status: 401, message: 'invalid x-api-key', upstreamStatus: 401 })
    const encoded = bedrockCodec.encodeError(error, { requestId: 'req-1', docsUrl: 'https://d' })
    expect({ status: encoded.status, type: encoded.headers['x-amzn-errortype'] }).toEqual({ status: 403, type: 'UnrecognizedClientException' })
  })

  test('the encoded error is Bedrock’s {message} with the exception name header and the bridge fields beside it', () => {
    const error = new BridgeError({ kind: 'context-length', code: 'UPSTREAM_ERROR', status: 400, message: 'too many tokens', upstreamStatus: 400 })
    expect(bedrockCodec.encodeError(error, { requestId: 'req-9', provider: 'aws', endpointGroup: 'chat', docsUrl: 'https://d' })).toEqual({
      status: 400,
      body: { message: 'prompt is too long: too many tokens', error_code: 'UPSTREAM_ERROR', provider: 'aws', endpoint_group: 'chat', request_id: 'req-9', docs_url: 'https://d', upstream_status: 400 },
      headers: { 'x-amzn-errortype': 'ValidationException', 'x-amzn-requestid': 'req-9' },
    })
  })
})

describe('routes and codec members', () => {
  test('Converse paths carry the decoded model id; converse-stream streams', () => {
    expect(matchBedrockRoute('POST', 'model/anthropic.claude-3-haiku-20240307-v1%3A0/converse')).toEqual({ group: 'chat', pathModel: 'anthropic.claude-3-haiku-20240307-v1:0', pathStream: false })
    expect(matchBedrockRoute('post', '/model/us.amazon.nova-lite-v1%3A0/converse-stream?x=1')).toEqual({ group: 'chat', pathModel: 'us.amazon.nova-lite-v1:0', pathStream: true })
  })

  test('an ARN matches whether its slashes arrive encoded or not', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0'
    expect(matchBedrockRoute('POST', `model/${encodeURIComponent(arn)}/converse`)?.pathModel).toBe(arn)
    expect(matchBedrockRoute('POST', `model/${arn}/converse`)?.pathModel).toBe(arn)
  })

  test('InvokeModel routes are chat with an Anthropic Messages body', () => {
    expect(matchBedrockRoute('POST', 'model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke')).toEqual({ group: 'chat', pathModel: 'anthropic.claude-sonnet-4-5-20250929-v1:0', pathStream: false, bodyProtocol: 'anthropic' })
    expect(matchBedrockRoute('POST', 'model/m/invoke-with-response-stream')).toMatchObject({ pathStream: true, bodyProtocol: 'anthropic' })
  })

  test('model discovery and count-tokens; everything else is not Bedrock', () => {
    expect(matchBedrockRoute('GET', 'inference-profiles?maxResults=100')).toEqual({ group: 'models' })
    expect(matchBedrockRoute('GET', 'foundation-models')).toEqual({ group: 'models' })
    expect(matchBedrockRoute('POST', 'model/m/count-tokens')).toEqual({ group: 'count_tokens', pathModel: 'm' })
    expect(matchBedrockRoute('GET', 'model/m/converse')).toBeUndefined()
    expect(matchBedrockRoute('POST', 'v1/messages')).toBeUndefined()
    expect(matchBedrockRoute('POST', 'model/m/unknown')).toBeUndefined()
  })

  test('event streams are streamed answers; JSON is not', () => {
    expect(bedrockCodec.stream.isStreamedAnswer('application/vnd.amazon.eventstream', { group: 'chat' })).toBe(true)
    expect(bedrockCodec.stream.isStreamedAnswer('application/json', { group: 'chat', pathStream: true })).toBe(false)
    expect(bedrockCodec.stream.keepalive).toBeUndefined()
  })

  test('local answers: a model list both control-plane SDK calls read, and a token count', () => {
    const list = bedrockCodec.local.modelList!(['us.anthropic.claude-sonnet-4-5-20250929-v1:0'], 'anthropic') as Record<string, Array<Record<string, unknown>>>
    expect(list.modelSummaries![0]).toMatchObject({ modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', providerName: 'anthropic' })
    expect(list.inferenceProfileSummaries![0]).toMatchObject({ inferenceProfileId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', status: 'ACTIVE' })
    expect(bedrockCodec.local.countTokens!(42)).toEqual({ inputTokens: 42 })
  })

  test('upstream path is joined as it is; client setup points the AWS SDK at the proxy', () => {
    expect(bedrockCodec.upstream.upstreamPath('model/a%3Ab/converse', '')).toBe('model/a%3Ab/converse')
    expect(bedrockCodec.client.envVars('http://h/proxy/t', 'k')).toEqual([
      'AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://h/proxy/t', 'AWS_ACCESS_KEY_ID=k', 'AWS_SECRET_ACCESS_KEY=k', 'AWS_REGION=us-east-1',
    ])
    const example = bedrockCodec.client.exampleRequest('us.amazon.nova-lite-v1:0')
    expect(example.path).toBe('model/us.amazon.nova-lite-v1%3A0/converse')
    expect(matchBedrockRoute('POST', example.path)?.pathModel).toBe('us.amazon.nova-lite-v1:0')
  })
})

test('a passthrough swaps the model in the path, keeping the operation and query', () => {
  expect(replacePathModel('model/client-name/converse-stream?x=1', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream?x=1')
  expect(replacePathModel('/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fa/invoke', 'b')).toBe('model/b/invoke')
  expect(replacePathModel('foundation-models', 'b')).toBeUndefined()
})
