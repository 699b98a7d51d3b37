import { describe, expect, test } from 'bun:test'
import { anthropicCodec } from '../../src/core/protocols/anthropic/index.ts'
import { openaiCodec } from '../../src/core/protocols/openai/index.ts'
import { buildUpstreamUrl, type PathConvention, type UpstreamTarget } from '../../src/upstream/build-upstream-url.ts'

const openai: UpstreamTarget = { baseUrl: 'https://api.openai.com/v1', auth: { type: 'bearer', token: 't' } }
const anthropic: UpstreamTarget = { baseUrl: 'https://api.anthropic.com', auth: { type: 'x-api-key', token: 't' } }
/** Gemini and Bedrock paths are complete as their codecs write them. */
const asWritten: PathConvention = { upstreamPath: (relative) => relative }

describe('buildUpstreamUrl', () => {
  test('OpenAI base with /v1 and a client path with v1/ does not double the version', () => {
    expect(buildUpstreamUrl(openai, openaiCodec.upstream, 'v1/chat/completions').href).toBe('https://api.openai.com/v1/chat/completions')
    expect(buildUpstreamUrl(openai, openaiCodec.upstream, 'chat/completions').href).toBe('https://api.openai.com/v1/chat/completions')
  })

  test('OpenAI-compatible bases with their own prefix or without a version keep it', () => {
    const groq = { ...openai, baseUrl: 'https://api.groq.com/openai/v1/' }
    expect(buildUpstreamUrl(groq, openaiCodec.upstream, 'v1/models').href).toBe('https://api.groq.com/openai/v1/models')
    const perplexity = { ...openai, baseUrl: 'https://api.perplexity.ai' }
    expect(buildUpstreamUrl(perplexity, openaiCodec.upstream, 'v1/chat/completions').href).toBe('https://api.perplexity.ai/chat/completions')
  })

  test('Anthropic base without /v1 gets v1/messages; a base with /v1 is not doubled', () => {
    expect(buildUpstreamUrl(anthropic, anthropicCodec.upstream, 'v1/messages').href).toBe('https://api.anthropic.com/v1/messages')
    expect(buildUpstreamUrl(anthropic, anthropicCodec.upstream, 'messages').href).toBe('https://api.anthropic.com/v1/messages')
    const withV1 = { ...anthropic, baseUrl: 'https://openrouter.ai/api/v1' }
    expect(buildUpstreamUrl(withV1, anthropicCodec.upstream, 'v1/messages').href).toBe('https://openrouter.ai/api/v1/messages')
    expect(buildUpstreamUrl(withV1, anthropicCodec.upstream, 'messages').href).toBe('https://openrouter.ai/api/v1/messages')
  })

  test('a path written whole (Gemini) keeps the model action and the path query', () => {
    const gemini: UpstreamTarget = { baseUrl: 'https://generativelanguage.googleapis.com', auth: { type: 'x-api-key', token: 't' } }
    expect(buildUpstreamUrl(gemini, asWritten, 'v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse').href).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    )
    expect(buildUpstreamUrl(gemini, asWritten, 'v1beta/models/gemini-2.5-flash:generateContent').href).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    )
  })

  test('a path written whole (Bedrock) keeps the percent-encoded model id segment', () => {
    const bedrock: UpstreamTarget = {
      baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
      auth: { type: 'aws', accessKeyId: 'a', secretAccessKey: 's', region: 'us-east-1' },
    }
    expect(buildUpstreamUrl(bedrock, asWritten, 'model/amazon.nova-pro-v1%3A0/converse-stream').href).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse-stream',
    )
  })

  test('Azure with a deployment uses the deployments route and api-version', () => {
    const azure: UpstreamTarget = {
      baseUrl: 'https://res.openai.azure.com/',
      auth: { type: 'azure', apiKey: 'k', deployment: 'gpt 4o', apiVersion: '2025-04-01-preview' },
    }
    expect(buildUpstreamUrl(azure, openaiCodec.upstream, 'v1/chat/completions').href).toBe(
      'https://res.openai.azure.com/openai/deployments/gpt%204o/chat/completions?api-version=2025-04-01-preview',
    )
    expect(buildUpstreamUrl(azure, openaiCodec.upstream, 'models').href).toBe('https://res.openai.azure.com/openai/models?api-version=2025-04-01-preview')
    const noVersion = { ...azure, auth: { type: 'azure' as const, apiKey: 'k', deployment: 'd' } }
    expect(buildUpstreamUrl(noVersion, openaiCodec.upstream, 'chat/completions').href).toBe(
      'https://res.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21',
    )
  })

  test('Azure without a deployment uses the v1 API, whatever the base spelling', () => {
    for (const baseUrl of ['https://res.openai.azure.com', 'https://res.openai.azure.com/openai', 'https://res.openai.azure.com/openai/v1/']) {
      const azure: UpstreamTarget = { baseUrl, auth: { type: 'azure', apiKey: 'k' } }
      expect(buildUpstreamUrl(azure, openaiCodec.upstream, 'v1/responses').href).toBe('https://res.openai.azure.com/openai/v1/responses')
    }
  })

  test('forwarded client query parameters are appended without overriding the path query', () => {
    const query = new URLSearchParams({ beta: 'true' })
    expect(buildUpstreamUrl(anthropic, anthropicCodec.upstream, 'v1/messages', query).href).toBe('https://api.anthropic.com/v1/messages?beta=true')
  })
})
