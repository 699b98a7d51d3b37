/** OpenAI's own API. Every OpenAI model accepts max_completion_tokens; reasoning models refuse max_tokens. */
import type { ModelInfo, ProviderPreset } from '../provider-preset.ts'

/**
 * GPT-5.2 and later reason by default and refuse function tools with reasoning on Chat
 * Completions ("Function tools with reasoning_effort are not supported … use /v1/responses").
 * source: https://developers.openai.com/api/docs/guides/reasoning
 * source: https://github.com/pipecat-ai/pipecat/issues/4043 (the error text, gpt-5.4)
 */
const RESPONSES_FOR_TOOLS = { placement: 'reasoning_content', toolsNeedResponses: true } as const

const models: ModelInfo[] = [
  // source: https://developers.openai.com/api/docs/models/gpt-5.1
  { id: 'gpt-5*', contextWindow: 400_000, maxOutputTokens: 128_000, reasoning: true, price: { input: 1.25, output: 10, cacheRead: 0.125 } },
  { id: 'gpt-5.1*', contextWindow: 400_000, maxOutputTokens: 128_000, reasoning: true, price: { input: 1.25, output: 10, cacheRead: 0.125 } },
  { id: 'gpt-5-mini*', contextWindow: 400_000, maxOutputTokens: 128_000, reasoning: true, price: { input: 0.25, output: 2, cacheRead: 0.025 } },
  { id: 'gpt-5-nano*', contextWindow: 400_000, maxOutputTokens: 128_000, reasoning: true, price: { input: 0.05, output: 0.4, cacheRead: 0.005 } },
  { id: 'gpt-5.2*', contextWindow: 400_000, maxOutputTokens: 128_000, reasoning: true, reasoningFormat: RESPONSES_FOR_TOOLS },
  // source: https://vercel.com/ai-gateway/models/openai/gpt-5.5 (gateway listing of OpenAI's numbers)
  // GPT-5.4 cached input $0.25: https://docs.rs/crate/adk-model/latest/source/src/openai/pricing.rs (third party).
  { id: 'gpt-5.4*', contextWindow: 1_050_000, maxOutputTokens: 128_000, reasoning: true, reasoningFormat: RESPONSES_FOR_TOOLS, price: { input: 2.5, output: 15, cacheRead: 0.25 } },
  // GPT-5.5's output cap: 272K per the Vercel listing, 128K per https://docs.oxen.ai/inference-api/reference/models/gpt-5-5-2026-04-23.md
  // and https://docs.venice.ai/de/models/gpt-5-5.md; OpenAI's own page was not read: the lower value is kept.
  // Prompts over 272K input tokens cost 2× input and 1.5× output (Oxen): the price below is the base rate.
  { id: 'gpt-5.5*', contextWindow: 1_000_000, maxOutputTokens: 128_000, reasoning: true, reasoningFormat: RESPONSES_FOR_TOOLS, price: { input: 5, output: 30 } },
  // Responses API only. source: https://docs.apiyi.com/en/models/gpt-5-5-pro.md (list price as resold; third party)
  { id: 'gpt-5.5-pro*', contextWindow: 1_050_000, maxOutputTokens: 128_000, reasoning: true, reasoningFormat: RESPONSES_FOR_TOOLS, price: { input: 30, output: 180, cacheRead: 3 } },
  // source: https://github.com/BerriAI/litellm/pull/34569 (gpt-5.6 refuses tools unless reasoning_effort is 'none')
  { id: 'gpt-5.6*', reasoning: true, reasoningFormat: RESPONSES_FOR_TOOLS },
  { id: 'gpt-4.1-mini*', contextWindow: 1_047_576, maxOutputTokens: 32_768, reasoning: false, price: { input: 0.4, output: 1.6, cacheRead: 0.1 } },
  { id: 'gpt-4.1*', contextWindow: 1_047_576, maxOutputTokens: 32_768, reasoning: false, price: { input: 2, output: 8, cacheRead: 0.5 } },
  { id: 'gpt-4o-mini*', contextWindow: 128_000, maxOutputTokens: 16_384, reasoning: false, price: { input: 0.15, output: 0.6, cacheRead: 0.075 } },
  { id: 'gpt-4o*', contextWindow: 128_000, maxOutputTokens: 16_384, reasoning: false, price: { input: 2.5, output: 10, cacheRead: 1.25 } },
  { id: 'o3*', contextWindow: 200_000, maxOutputTokens: 100_000, reasoning: true },
  { id: 'o4-mini*', contextWindow: 200_000, maxOutputTokens: 100_000, reasoning: true },
]

// source: https://platform.openai.com/docs/api-reference/chat
export const openai: ProviderPreset = {
  id: 'openai',
  name: 'OpenAI',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.openai.com/v1',
  endpointSupport: {
    chat: 'translate', responses: 'passthrough', count_tokens: 'passthrough', models: 'passthrough', embeddings: 'passthrough',
    completions: 'passthrough', images: 'passthrough', audio: 'passthrough', moderations: 'passthrough', files: 'passthrough',
    batches: 'passthrough', vector_stores: 'passthrough', other: 'passthrough', rerank: 'unsupported',
  },
  docsUrl: 'https://platform.openai.com/docs/api-reference/chat',
  // Reasoning models reject max_tokens; every OpenAI model accepts max_completion_tokens.
  // OpenAI refuses unknown message fields, so echoed reasoning_content must not go back.
  patches: ['max-completion-tokens', 'strip-reasoning-content'],
  modelDefaults: { maxTokensField: 'max_completion_tokens', toolChoice: ['auto', 'none', 'required', 'named'], cacheControl: false },
  models,
}
