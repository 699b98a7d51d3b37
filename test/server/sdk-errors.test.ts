/** Our error envelopes, parsed by the official SDKs: each must raise its typed error with our message. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { mintUrl, serveBridge, tamperToken, type ServedBridge } from './test-server.ts'

let served: ServedBridge
let tampered: string

beforeAll(async () => {
  served = await serveBridge()
  // A public-looking name that never resolves here: mint accepts it, and no request reaches it.
  const proxyUrl = await mintUrl(served.url, {
    version: 2,
    source: { protocol: 'anthropic' },
    target: { protocol: 'anthropic', baseUrl: 'https://upstream.invalid', auth: { type: 'x-api-key', token: 'sk-never-used' } },
  })
  tampered = tamperToken(proxyUrl)
})

afterAll(async () => {
  await served.stop()
})

describe('a tampered token through the official SDKs', () => {
  test('@anthropic-ai/sdk raises AuthenticationError (401) carrying our message', async () => {
    const client = new Anthropic({ baseURL: tampered, apiKey: 'any-value', maxRetries: 0 })
    const error = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError)
    if (!(error instanceof Anthropic.AuthenticationError)) return
    expect(error.status).toBe(401)
    expect(error.message).toContain('The proxy token is invalid or expired')
  })

  test('openai raises AuthenticationError (401) carrying our message', async () => {
    const client = new OpenAI({ baseURL: `${tampered}/v1`, apiKey: 'any-value', maxRetries: 0 })
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
    if (!(error instanceof OpenAI.AuthenticationError)) return
    expect(error.status).toBe(401)
    expect(error.message).toContain('The proxy token is invalid or expired')
  })
})
