/**
 * End to end: upstream failures reach each client SDK as its own protocol's error, with the
 * upstream's words (LESSONS #8, #14, #19): context overflow, a rejected key, a rate limit with
 * Retry-After, and an upstream whose connection dies in the middle of the answer (a real socket
 * drop from the fault upstream). Both directions, streamed and not; one log row per request.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { anthropicTargetBody, openaiTargetBody, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { ANTHROPIC_MODES, anthropicClient, askAnthropic, askOpenAi, OPENAI_MODES, openaiClient, type AnthropicMode, type OpenAiMode } from '../support/e2e-clients.ts'
import { startFaultUpstream, type FaultReply, type FaultUpstream } from '../support/fault-upstream.ts'
import { sseFromChunksFile } from '../support/mock-upstream.ts'
import type { RequestLogRow } from '../../src/log/index.ts'

let bridge: E2eBridge
let fault: FaultUpstream
beforeAll(async () => {
  bridge = await startE2eBridge()
  fault = startFaultUpstream((request) => (currentFault ?? (() => ({ status: 500 })))(JSON.parse(request.body) as { stream?: boolean }))
  bridge.allowUpstream(fault.port)
})
afterAll(async () => {
  fault.stop()
  await bridge.close()
})

let currentFault: ((body: { stream?: boolean }) => FaultReply) | undefined

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail')
}

// Upstream error bodies as the providers document them (openai-chat.md §9, anthropic-messages.md §errors).
const OPENAI_CONTEXT_OVERFLOW = {
  error: {
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the messages.",
    type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded',
  },
}
const OPENAI_BAD_KEY = {
  error: { message: 'Incorrect API key provided: sk-e2e-u*****6789. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
}
const OPENAI_RATE_LIMIT = {
  error: { message: 'Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000, Used 30000, Requested 100. Please try again in 1s.', type: 'tokens', param: null, code: 'rate_limit_exceeded' },
}
const ANTHROPIC_CONTEXT_OVERFLOW = { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210012 tokens > 200000 maximum' }, request_id: 'req_011E2e' }
const ANTHROPIC_BAD_KEY = { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' }, request_id: 'req_011E2e' }
const ANTHROPIC_RATE_LIMIT = {
  type: 'error', error: { type: 'rate_limit_error', message: 'This request would exceed the rate limit for your organization of 50,000 input tokens per minute.' }, request_id: 'req_011E2e',
}

const anthropicAsk = { model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user' as const, content: 'Hi' }] }
const openaiAsk = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] }

const fixtures = `${import.meta.dir}/../fixtures`
const openaiTextChunks = sseFromChunksFile(await Bun.file(`${fixtures}/openai-chat/openai-text.chunks.txt`).text(), 'openai')
const anthropicTextChunks = sseFromChunksFile(await Bun.file(`${fixtures}/anthropic-messages/anthropic-text.chunks.txt`).text(), 'anthropic')
const openaiTextJson = await Bun.file(`${fixtures}/openai-chat/openai-text.json`).text()
const anthropicTextJson = await Bun.file(`${fixtures}/anthropic-messages/anthropic-text.json`).text()

/** The first events of a recorded answer, then the connection drops (no terminating chunk). */
function dyingReply(body: { stream?: boolean }, streamEvents: string[], json: string): FaultReply {
  if (body.stream === true) return { status: 200, events: streamEvents.slice(0, 4), dropAfterEvents: 4 }
  return { status: 200, headers: { 'content-type': 'application/json' }, events: [json.slice(0, 60), json.slice(60)], dropAfterEvents: 1 }
}

async function oneRow(tokenId: string): Promise<RequestLogRow> {
  const rows = await bridge.rowsFor(tokenId, 1)
  expect(rows).toHaveLength(1)
  return rows[0]!
}

describe('Anthropic SDK → OpenAI upstream errors', () => {
  const connect = async (upstreamUrl?: string) => {
    const { proxyUrl, tokenId } = await bridge.mint(openaiTargetBody(bridge, {}, upstreamUrl))
    return { client: anthropicClient(proxyUrl), tokenId }
  }

  for (const mode of ANTHROPIC_MODES) {
    test(`${mode}: a context-length 400 becomes invalid_request_error "prompt is too long: …" so Claude Code can compact`, async () => {
      bridge.mock.script(() => ({ status: 400, json: OPENAI_CONTEXT_OVERFLOW }))
      const { client, tokenId } = await connect()
      const error = await caught(askAnthropic(client, mode, anthropicAsk))
      expect(error).toBeInstanceOf(Anthropic.BadRequestError)
      const failure = error as InstanceType<typeof Anthropic.BadRequestError>
      expect(failure.status).toBe(400)
      expect(failure.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } })
      expect((failure.error as { error: { message: string } }).error.message).toStartWith('prompt is too long: ')
      expect((failure.error as { error: { message: string } }).error.message).toContain('128000')
      expect(bridge.mock.requests).toHaveLength(1)
      expect(await oneRow(tokenId)).toMatchObject({ status: 400, upstreamStatus: 400 })
    })

    test(`${mode}: an upstream 401 becomes AuthenticationError with the upstream's message`, async () => {
      bridge.mock.script(() => ({ status: 401, json: OPENAI_BAD_KEY }))
      const { client, tokenId } = await connect()
      const error = await caught(askAnthropic(client, mode, anthropicAsk))
      expect(error).toBeInstanceOf(Anthropic.AuthenticationError)
      const failure = error as InstanceType<typeof Anthropic.AuthenticationError>
      expect(failure.status).toBe(401)
      expect(failure.error).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('Incorrect API key provided') } })
      expect(JSON.stringify(failure.error)).not.toContain(UPSTREAM_KEY)
      expect(await oneRow(tokenId)).toMatchObject({ status: 401, upstreamStatus: 401 })
    })

    test(`${mode}: an upstream that dies mid-answer ends in an error, never in a complete message`, async () => {
      currentFault = (body) => dyingReply(body, openaiTextChunks, openaiTextJson)
      const { client, tokenId } = await connect(fault.url)
      if (mode === 'stream') {
        const stream = client.messages.stream(anthropicAsk)
        const seen: Anthropic.RawMessageStreamEvent[] = []
        const error = await caught((async () => {
          for await (const event of stream) seen.push(event)
        })())
        expect(error).toBeInstanceOf(Anthropic.APIError)
        // What arrived before the break reached the client; no success marker did.
        expect(seen[0]?.type).toBe('message_start')
        expect(seen.some((event) => event.type === 'content_block_delta')).toBe(true)
        expect(seen.some((event) => event.type === 'message_stop' || event.type === 'message_delta')).toBe(false)
        expect(await oneRow(tokenId)).toMatchObject({ status: 200, errorCode: 'UPSTREAM_ERROR' })
      } else {
        const error = await caught(client.messages.create(anthropicAsk))
        expect(error).toBeInstanceOf(Anthropic.InternalServerError)
        expect((error as InstanceType<typeof Anthropic.InternalServerError>).status).toBe(502)
        expect(await oneRow(tokenId)).toMatchObject({ status: 502, errorCode: 'UPSTREAM_ERROR' })
      }
    })
  }

  test('create and stream: an upstream 429 becomes RateLimitError with Retry-After passed on (after the bridge retried it)', async () => {
    bridge.mock.script(() => ({ status: 429, headers: { 'retry-after': '1' }, json: OPENAI_RATE_LIMIT }))
    const { client, tokenId } = await connect()
    const errors = await Promise.all(ANTHROPIC_MODES.map((mode: AnthropicMode) => caught(askAnthropic(client, mode, anthropicAsk))))
    for (const error of errors) {
      expect(error).toBeInstanceOf(Anthropic.RateLimitError)
      const failure = error as InstanceType<typeof Anthropic.RateLimitError>
      expect(failure.status).toBe(429)
      expect(failure.headers?.get('retry-after')).toBe('1')
      expect(failure.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringContaining('Rate limit reached for gpt-4o') } })
    }
    // The bridge's default policy: 3 attempts per request, each after the upstream's Retry-After.
    expect(bridge.mock.requests).toHaveLength(6)
    const rows = await bridge.rowsFor(tokenId, 2)
    expect(rows.map((row) => [row.status, row.errorCode, row.attempts])).toEqual([[429, 'RATE_LIMITED', 3], [429, 'RATE_LIMITED', 3]])
  })
})

describe('OpenAI SDK → Anthropic upstream errors', () => {
  const connect = async (upstreamUrl?: string) => {
    const { proxyUrl, tokenId } = await bridge.mint(anthropicTargetBody(bridge, {}, upstreamUrl))
    return { client: openaiClient(proxyUrl), tokenId }
  }

  for (const mode of OPENAI_MODES) {
    test(`${mode}: "prompt is too long" becomes BadRequestError with code context_length_exceeded`, async () => {
      bridge.mock.script(() => ({ status: 400, json: ANTHROPIC_CONTEXT_OVERFLOW }))
      const { client, tokenId } = await connect()
      const error = await caught(askOpenAi(client, mode, openaiAsk))
      expect(error).toBeInstanceOf(OpenAI.BadRequestError)
      const failure = error as InstanceType<typeof OpenAI.BadRequestError>
      expect(failure.status).toBe(400)
      expect(failure.code).toBe('context_length_exceeded')
      expect(failure.message).toContain('prompt is too long')
      expect(await oneRow(tokenId)).toMatchObject({ status: 400, upstreamStatus: 400 })
    })

    test(`${mode}: an upstream 401 becomes AuthenticationError with the upstream's message`, async () => {
      bridge.mock.script(() => ({ status: 401, json: ANTHROPIC_BAD_KEY }))
      const { client, tokenId } = await connect()
      const error = await caught(askOpenAi(client, mode, openaiAsk))
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
      expect((error as InstanceType<typeof OpenAI.AuthenticationError>).status).toBe(401)
      expect((error as Error).message).toContain('invalid x-api-key')
      expect(await oneRow(tokenId)).toMatchObject({ status: 401, upstreamStatus: 401 })
    })

    test(`${mode}: an upstream that dies mid-answer ends in an error, never in a complete answer`, async () => {
      currentFault = (body) => dyingReply(body, anthropicTextChunks, anthropicTextJson)
      const { client, tokenId } = await connect(fault.url)
      const error = await caught(askOpenAi(client, mode, openaiAsk))
      expect(error).toBeInstanceOf(Error)
      if (mode === 'create') {
        expect(error).toBeInstanceOf(OpenAI.InternalServerError)
        expect((error as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(502)
        expect(await oneRow(tokenId)).toMatchObject({ status: 502, errorCode: 'UPSTREAM_ERROR' })
      } else {
        expect(error).toBeInstanceOf(OpenAI.APIError)
        expect(await oneRow(tokenId)).toMatchObject({ status: 200, errorCode: 'UPSTREAM_ERROR' })
      }
    })
  }

  test('all three calls: an upstream 429 becomes RateLimitError with Retry-After passed on (after the bridge retried it)', async () => {
    bridge.mock.script(() => ({ status: 429, headers: { 'retry-after': '1' }, json: ANTHROPIC_RATE_LIMIT }))
    const { client, tokenId } = await connect()
    const errors = await Promise.all(OPENAI_MODES.map((mode: OpenAiMode) => caught(askOpenAi(client, mode, openaiAsk))))
    for (const error of errors) {
      expect(error).toBeInstanceOf(OpenAI.RateLimitError)
      const failure = error as InstanceType<typeof OpenAI.RateLimitError>
      expect(failure.status).toBe(429)
      expect(failure.headers?.get('retry-after')).toBe('1')
      expect(failure.message).toContain('exceed the rate limit')
    }
    expect(bridge.mock.requests).toHaveLength(9)
    const rows = await bridge.rowsFor(tokenId, 3)
    expect(rows.map((row) => [row.status, row.errorCode])).toEqual([[429, 'RATE_LIMITED'], [429, 'RATE_LIMITED'], [429, 'RATE_LIMITED']])
  })
})
