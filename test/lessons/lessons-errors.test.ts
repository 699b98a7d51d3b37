/**
 * LESSONS.md rows about errors between Anthropic Messages and OpenAI Chat, through the proxy.
 * @see ../../../shared/LESSONS.md
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type LessonBridge, ssePayloads, startLessonBridge } from './support.ts'

let toOpenai: LessonBridge
let toAnthropic: LessonBridge
beforeAll(async () => {
  toOpenai = await startLessonBridge('anthropic→openai')
  toAnthropic = await startLessonBridge('openai→anthropic')
})
afterAll(() => {
  toOpenai.stop()
  toAnthropic.stop()
})

const anthropicAsk = (stream = false) => ({ model: 'gpt-4o', max_tokens: 100, stream, messages: [{ role: 'user', content: 'hi' }] })
const openaiAsk = (stream = false) => ({ model: 'claude-sonnet-4-5', stream, messages: [{ role: 'user', content: 'hi' }] })

describe('LESSONS #8: context overflow never reaches the client as "prompt is too long", so Claude Code never auto-compacts', () => {
  test('an OpenAI context_length_exceeded becomes Anthropic 400 invalid_request_error "prompt is too long: …", streamed request or not', async () => {
    toOpenai.reply({ status: 400, json: { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } } })
    for (const stream of [false, true]) {
      const response = await toOpenai.post('v1/messages', anthropicAsk(stream))
      expect(response.status).toBe(400)
      const body = (await response.json()) as { type: string; error: { type: string; message: string } }
      expect(body.type).toBe('error')
      expect(body.error.type).toBe('invalid_request_error')
      expect(body.error.message).toStartWith('prompt is too long: ')
      expect(body.error.message).toContain('maximum context length is 128000 tokens')
    }
  })

  test("Anthropic's \"prompt is too long\" becomes OpenAI's context_length_exceeded (400) for an OpenAI client", async () => {
    toAnthropic.reply({ status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } } })
    const response = await toAnthropic.post('v1/chat/completions', openaiAsk())
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('context_length_exceeded')
    expect(body.error.message).toContain('210000 tokens > 200000 maximum')
  })
})

describe('LESSONS #14: error bodies the SDK cannot parse ("empty or malformed response (HTTP 200)")', () => {
  test.each([[401, 'authentication_error'], [403, 'permission_error'], [404, 'not_found_error'], [429, 'rate_limit_error'], [503, 'overloaded_error']])(
    'OpenAI upstream %i → Anthropic error type %s with the upstream message and the bridge fields beside it',
    async (status, type) => {
      toOpenai.reply({ status, json: { error: { message: `upstream says ${status}`, type: 'x', code: null } } })
      const response = await toOpenai.post('v1/messages', anthropicAsk())
      const body = (await response.json()) as Record<string, unknown> & { error: { type: string; message: string } }
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(response.headers.get('content-type')).toContain('application/json')
      expect(body.error).toEqual({ type, message: `upstream says ${status}` })
      expect(body).toMatchObject({ type: 'error', error_code: expect.any(String), request_id: expect.stringMatching(/^req_/), upstream_status: status })
    },
  )

  test.each([[401, 'authentication_error'], [429, 'rate_limit_error'], [529, 'overloaded_error']])('Anthropic upstream %i (%s) → an OpenAI error object with the upstream message', async (status, type) => {
    toAnthropic.reply({ status, json: { type: 'error', error: { type, message: `anthropic says ${type}` } } })
    const response = await toAnthropic.post('v1/chat/completions', openaiAsk())
    const body = (await response.json()) as { error: { message: string; type: string; param: unknown; code: unknown } }
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(body.error.message).toBe(`anthropic says ${type}`)
    expect(body.error).toHaveProperty('type')
    expect(body.error).toHaveProperty('param')
    expect(body.error).toHaveProperty('code')
  })

  test('an upstream that fails mid-stream ends the Anthropic stream with event: error (no message_stop) and the OpenAI stream with an error payload (no [DONE])', async () => {
    const sse = (chunk: Record<string, unknown>) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', ...chunk })}\n\n`
    toOpenai.reply({ chunks: [sse({ choices: [{ index: 0, delta: { content: 'Hal' }, finish_reason: null }] })] })
    const anthropicWire = await (await toOpenai.post('v1/messages', anthropicAsk(true))).text()
    expect(ssePayloads(anthropicWire).at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } })
    expect(anthropicWire).not.toContain('message_stop')

    toAnthropic.reply({ chunks: [`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'c', content: [], usage: { input_tokens: 1, output_tokens: 0 } } })}\n\n`] })
    const openaiWire = await (await toAnthropic.post('v1/chat/completions', openaiAsk(true))).text()
    expect(ssePayloads(openaiWire).at(-1)).toHaveProperty('error.message')
    expect(openaiWire).not.toContain('[DONE]')
  })
})
