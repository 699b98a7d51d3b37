import { describe, expect, test } from 'bun:test'
import { buildUpstreamUrl, type UpstreamTarget } from '../../src/upstream/build-upstream-url.ts'

const openai: UpstreamTarget = { protocol: 'openai', baseUrl: 'https://api.openai.com/v1', auth: { type: 'bearer', token: 't' } }
const anthropic: UpstreamTarget = { protocol: 'anthropic', baseUrl: 'https://api.anthropic.com', auth: { type: 'x-api-key', token: 't' } }

describe('buildUpstreamUrl', () => {
  test('OpenAI base with /v1 and a client path with v1/ does not double the version', () => {
    expect(buildUpstreamUrl(openai, 'v1/chat/completions').href).toBe('https://api.openai.com/v1/chat/completions')
    expect(buildUpstreamUrl(openai, 'chat/completions').href).toBe('https://api.openai.com/v1/chat/completions')
  })

  test('OpenAI-compatible bases with their own prefix or without a version keep it', () => {
    const groq = { ...openai, baseUrl: 'https://api.groq.com/openai/v1/' }
    expect(buildUpstreamUrl(groq, 'v1/models').href).toBe('https://api.groq.com/openai/v1/models')
    const perplexity = { ...openai, baseUrl: 'https://api.perplexity.ai' }
    expect(buildUpstreamUrl(perplexity, 'v1/chat/completions').href).toBe('https://api.perplexity.ai/chat/completions')
  })

  test('Anthropic base without /v1 gets v1/messages; a base with /v1 is not doubled', () => {
    expect(buildUpstreamUrl(anthropic, 'v1/messages').href).toBe('https://api.anthropic.com/v1/messages')
    expect(buildUpstreamUrl(anthropic, 'messages').href).toBe('https://api.anthropic.com/v1/messages')
    const withV1 = { ...anthropic, baseUrl: 'https://openrouter.ai/api/v1' }
    expect(buildUpstreamUrl(withV1, 'v1/messages').href).toBe('https://openrouter.ai/api/v1/messages')
    expect(buildUpstreamUrl(withV1, 'messages').href).toBe('https://openrouter.ai/api/v1/messages')
  })

  test('Gemini keeps the model action and the path query', () => {
    const gemini: UpstreamTarget = { protocol: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', auth: { type: 'x-api-key', token: 't' } }
    expect(buildUpstreamUrl(gemini, 'v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse').href).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    )
    expect(buildUpstreamUrl(gemini, 'v1beta/models/gemini-2.5-flash:generateContent').href).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    )
  })

  test('Bedrock keeps the percent-encoded model id segment', () => {
    const bedrock: UpstreamTarget = {
      protocol: 'bedrock', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
      auth: { type: 'aws', accessKeyId: 'a', secretAccessKey: 's', region: 'us-east-1' },
    }
    expect(buildUpstreamUrl(bedrock, 'model/amazon.nova-pro-v1%3A0/converse-stream').href).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse-stream',
    )
  })

  test('Azure with a deployment uses the deployments route and api-version', () => {
    const azure: UpstreamTarget = {
      protocol: 'openai', baseUrl: 'https://res.openai.azure.com/',
      auth: { type: 'azure', apiKey: 'k', deployment: 'gpt 4o', apiVersion: '2025-04-01-preview' },
    }
    expect(buildUpstreamUrl(azure, 'v1/chat/completions').href).toBe(
      'https://res.openai.azure.com/openai/deployments/gpt%204o/chat/completions?api-version=2025-04-01-preview',
    )
    expect(buildUpstreamUrl(azure, 'models').href).toBe('https://res.openai.azure.com/openai/models?api-version=2025-04-01-preview')
    const noVersion = { ...azure, auth: { type: 'azure' as const, apiKey: 'k', deployment: 'd' } }
    expect(buildUpstreamUrl(noVersion, 'chat/completions').href).toBe(
      'https://res.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21',
    )
  })

  test('Azure without a deployment uses the v1 API, whatever the base spelling', () => {
    for (const baseUrl of ['https://res.openai.azure.com', 'https://res.openai.azure.com/openai', 'https://res.openai.azure.com/openai/v1/']) {
      const azure: UpstreamTarget = { protocol: 'openai-responses', baseUrl, auth: { type: 'azure', apiKey: 'k' } }
      expect(buildUpstreamUrl(azure, 'v1/responses').href).toBe('https://res.openai.azure.com/openai/v1/responses')
    }
  })

  test('forwarded client query parameters are appended without overriding the path query', () => {
    const query = new URLSearchParams({ beta: 'true' })
    expect(buildUpstreamUrl(anthropic, 'v1/messages', query).href).toBe('https://api.anthropic.com/v1/messages?beta=true')
  })
})
