import { describe, expect, test } from 'bun:test'
import { anthropicCodec } from '../../../src/core/protocols/anthropic/index.ts'
import { openaiCodec } from '../../../src/core/protocols/openai/index.ts'
import { authSecrets, signRequest } from '../../../src/upstream/auth/index.ts'

const url = new URL('https://api.example.com/v1/chat/completions')
const base = { method: 'POST', url, body: '{}' }

describe('signRequest', () => {
  test('bearer sets Authorization and keeps the other headers', async () => {
    const headers = await signRequest({ type: 'bearer', token: 'sk-up' }, { ...base, headers: new Headers({ accept: 'application/json' }) })
    expect(headers.get('authorization')).toBe('Bearer sk-up')
    expect(headers.get('accept')).toBe('application/json')
  })

  test('x-api-key toward Anthropic adds anthropic-version only when the client sent none', async () => {
    const fresh = await signRequest({ type: 'x-api-key', token: 'k' }, { ...base, headers: new Headers(), apiKeyHeader: anthropicCodec.upstream.apiKeyHeader })
    expect(fresh.get('x-api-key')).toBe('k')
    expect(fresh.get('anthropic-version')).toBe('2023-06-01')
    const kept = await signRequest(
      { type: 'x-api-key', token: 'k' },
      { ...base, headers: new Headers({ 'anthropic-version': '2024-01-01' }), apiKeyHeader: anthropicCodec.upstream.apiKeyHeader },
    )
    expect(kept.get('anthropic-version')).toBe('2024-01-01')
  })

  test("an API key goes in the header the target protocol's convention names, never in the URL", async () => {
    const headers = await signRequest({ type: 'x-api-key', token: 'g' }, { ...base, headers: new Headers(), apiKeyHeader: { name: 'x-goog-api-key' } })
    expect(headers.get('x-goog-api-key')).toBe('g')
    expect(headers.has('x-api-key')).toBe(false)
    expect(url.search).toBe('')
  })

  test('x-api-key toward an OpenAI-compatible target sends no anthropic-version', async () => {
    const headers = await signRequest({ type: 'x-api-key', token: 'k' }, { ...base, headers: new Headers(), apiKeyHeader: openaiCodec.upstream.apiKeyHeader })
    expect(headers.get('x-api-key')).toBe('k')
    expect(headers.has('anthropic-version')).toBe(false)
  })

  test('azure sends api-key and no Authorization', async () => {
    const headers = await signRequest(
      { type: 'azure', apiKey: 'az', deployment: 'd' },
      { ...base, headers: new Headers({ authorization: 'Bearer stray' }) },
    )
    expect(headers.get('api-key')).toBe('az')
    expect(headers.has('authorization')).toBe(false)
  })

  test('none adds nothing', async () => {
    const headers = await signRequest({ type: 'none' }, { ...base, headers: new Headers({ accept: '*/*' }) })
    expect([...headers.keys()]).toEqual(['accept'])
  })

  test('aws signs with SigV4', async () => {
    const headers = await signRequest(
      { type: 'aws', accessKeyId: 'AK', secretAccessKey: 'SK', region: 'eu-west-1' },
      { ...base, url: new URL('https://bedrock-runtime.eu-west-1.amazonaws.com/model/m/converse'), headers: new Headers() },
    )
    expect(headers.get('authorization')).toStartWith('AWS4-HMAC-SHA256 Credential=AK/')
    expect(headers.get('authorization')).toContain('/eu-west-1/bedrock/aws4_request')
  })

  test('the credentials go into the headers built for the request (the same object comes back)', async () => {
    const built = new Headers({ accept: 'application/json' })
    const signed = await signRequest({ type: 'bearer', token: 'sk-up' }, { ...base, headers: built })
    expect(signed).toBe(built)
    expect(built.get('authorization')).toBe('Bearer sk-up')
  })

  test('authSecrets lists every secret value for redaction', () => {
    expect(authSecrets({ type: 'aws', accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST', region: 'r' })).toEqual(['SK', 'ST'])
    expect(authSecrets({ type: 'none' })).toEqual([])
  })
})
