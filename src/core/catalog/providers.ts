/**
 * The first provider presets, as typed data. A provider on an existing protocol and auth type is
 * one object here. Base URLs follow the convention of the protocol's official SDK (OpenAI: with
 * /v1 or the provider's documented equivalent; Anthropic: without /v1; Gemini: without a version).
 *
 * endpointSupport says what the bridge does with each endpoint group for this provider once the
 * provider's protocol has a codec; the catalog API downgrades it while a codec is missing
 * (see effectiveEndpointSupport). Model numbers are listed only where documented; prices in USD
 * per million tokens.
 */
import { checkPresetPatches } from './check-preset-patches.ts'
import type { ProviderPreset } from './provider-preset.ts'

export const PROVIDERS: ProviderPreset[] = [
  {
    id: 'anthropic',
    name: 'Anthropic',
    protocol: 'anthropic',
    authType: 'x-api-key',
    defaultBaseUrl: 'https://api.anthropic.com',
    endpointSupport: { chat: 'translate', count_tokens: 'passthrough', models: 'passthrough', embeddings: 'unsupported' },
    docsUrl: 'https://docs.anthropic.com/en/api/messages',
    // The Messages API requires max_tokens; clients of other protocols often send none.
    defaultMaxOutputTokens: 8192,
    models: [
      { id: 'claude-sonnet-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
      { id: 'claude-haiku-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, price: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 } },
      { id: 'claude-opus-4-1*', contextWindow: 200_000, maxOutputTokens: 32_000, price: { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 } },
    ],
  },
  {
    id: 'openai',
    name: 'OpenAI',
    protocol: 'openai',
    authType: 'bearer',
    defaultBaseUrl: 'https://api.openai.com/v1',
    endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough' },
    docsUrl: 'https://platform.openai.com/docs/api-reference/chat',
    // Reasoning models reject max_tokens; every OpenAI model accepts max_completion_tokens.
    patches: ['max-completion-tokens', 'strip-reasoning-content'],
    models: [
      { id: 'gpt-4o-mini*', contextWindow: 128_000, maxOutputTokens: 16_384, reasoning: false, price: { input: 0.15, output: 0.6, cacheRead: 0.075 } },
      { id: 'gpt-4o*', contextWindow: 128_000, maxOutputTokens: 16_384, reasoning: false, price: { input: 2.5, output: 10, cacheRead: 1.25 } },
      { id: 'gpt-4.1-mini*', contextWindow: 1_047_576, maxOutputTokens: 32_768, reasoning: false, price: { input: 0.4, output: 1.6, cacheRead: 0.1 } },
      { id: 'gpt-4.1*', contextWindow: 1_047_576, maxOutputTokens: 32_768, reasoning: false, price: { input: 2, output: 8, cacheRead: 0.5 } },
      { id: 'o3*', contextWindow: 200_000, maxOutputTokens: 100_000, reasoning: true },
      { id: 'o4-mini*', contextWindow: 200_000, maxOutputTokens: 100_000, reasoning: true },
      { id: 'gpt-5*', contextWindow: 400_000, maxOutputTokens: 128_000, reasoning: true },
      // Function tools with reasoning are refused on Chat Completions from GPT-5.4 on (LESSONS #28).
      { id: 'gpt-5.4*', reasoning: true, chatProtocol: 'openai-responses' },
      { id: 'gpt-5.5*', reasoning: true, chatProtocol: 'openai-responses' },
      { id: 'gpt-5.6*', reasoning: true, chatProtocol: 'openai-responses' },
    ],
  },
  {
    id: 'groq',
    name: 'Groq',
    protocol: 'openai',
    authType: 'bearer',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported' },
    docsUrl: 'https://console.groq.com/docs/openai',
    patches: ['strip-reasoning-content'],
    models: [
      { id: 'llama-3.3-70b-versatile', contextWindow: 131_072, maxOutputTokens: 32_768, reasoning: false, price: { input: 0.59, output: 0.79 } },
      { id: 'openai/gpt-oss-*', contextWindow: 131_072, maxOutputTokens: 65_536, reasoning: true },
      { id: 'qwen/qwen3-32b', contextWindow: 131_072, maxOutputTokens: 40_960, reasoning: true },
    ],
  },
  {
    id: 'deepseek',
    name: 'DeepSeek',
    protocol: 'openai',
    authType: 'bearer',
    // DeepSeek documents this (without /v1) as the OpenAI SDK base_url; /v1 is an accepted alias.
    defaultBaseUrl: 'https://api.deepseek.com',
    endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported' },
    docsUrl: 'https://api-docs.deepseek.com/',
    models: [
      // deepseek-chat rejects nothing but ignores reasoning_effort; the reasoner always thinks.
      { id: 'deepseek-chat', contextWindow: 128_000, maxOutputTokens: 8_192, reasoning: false },
      { id: 'deepseek-reasoner', contextWindow: 128_000, maxOutputTokens: 64_000, reasoning: true },
    ],
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    protocol: 'openai',
    authType: 'bearer',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported' },
    docsUrl: 'https://openrouter.ai/docs/api-reference/overview',
    // OpenRouter names echoed reasoning `reasoning` and accepts top_k.
    patches: ['reasoning-field', 'top-k'],
  },
  {
    id: 'ollama',
    name: 'Ollama (local)',
    protocol: 'openai',
    // A local server needs no key; the egress policy still requires --allow-host 127.0.0.1:11434.
    authType: 'none',
    defaultBaseUrl: 'http://127.0.0.1:11434/v1',
    endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough' },
    docsUrl: 'https://github.com/ollama/ollama/blob/main/docs/openai.md',
  },
  {
    id: 'gemini',
    name: 'Google Gemini',
    protocol: 'gemini',
    // The key travels in a header, never in the URL: the upstream signer sends it as
    // x-goog-api-key for the gemini protocol (the header Google's own SDK uses).
    authType: 'x-api-key',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    endpointSupport: { chat: 'translate', count_tokens: 'passthrough', models: 'passthrough', embeddings: 'passthrough' },
    docsUrl: 'https://ai.google.dev/api',
  },
]

checkPresetPatches(PROVIDERS)

export function findProvider(id: string): ProviderPreset | undefined {
  return PROVIDERS.find((provider) => provider.id === id)
}
