/** Model labs with their own OpenAI-compatible APIs: Mistral, xAI, Perplexity, Cohere. */
import type { ProviderPreset } from '../provider-preset.ts'

/**
 * Mistral refuses tool-call ids that are not exactly nine letters and digits ("Tool call id was
 * … but must be a-z, A-Z, 0-9, with a length of 9"), so ids minted elsewhere must be rewritten,
 * and unknown message fields (an echoed reasoning_content) are refused.
 * source: https://docs.mistral.ai/api/
 * source: https://github.com/langchain-ai/langchain/pull/24668 (the error text)
 * source: https://docs.vllm.ai/en/v0.15.0/api/vllm/tool_parsers/mistral_tool_parser/ (third party, quoting
 * mistral-common's validator: ids are alphanumeric, length 9)
 */
export const mistral: ProviderPreset = {
  id: 'mistral',
  name: 'Mistral AI',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.mistral.ai/v1',
  endpointSupport: {
    chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', moderations: 'passthrough',
    files: 'passthrough', batches: 'passthrough', audio: 'passthrough',
  },
  docsUrl: 'https://docs.mistral.ai/api/',
  patches: ['strip-reasoning-content'],
  modelDefaults: {
    // Mistral's own 'any' equals 'required'.
    toolChoice: ['auto', 'none', 'required', 'named'],
    toolCallId: { pattern: '^[a-zA-Z0-9]{9}$', length: 9 },
    cacheControl: false,
  },
  models: [
    // source: https://docs.mistral.ai/capabilities/reasoning (Magistral returns thinking chunks in the content)
    // Magistral answers tool_choice "required" with text instead of a tool call
    // (https://github.com/mistralai/client-python/issues/419, a bug report): auto, none and named kept.
    { id: 'magistral-*', reasoning: true, toolChoice: ['auto', 'none', 'named'] },
    // Mistral Medium 3.5 (April 2026; reasoning effort per request): 262,144 context, 256,000 output, $1.5 / $7.5.
    // source: https://vercel.com/ai-gateway/models/mistral-medium-3.5.md (a gateway's page, third party;
    // the id on Mistral's own API is unverified)
    { id: 'mistral-medium-3.5*', contextWindow: 262_144, maxOutputTokens: 256_000, reasoning: true, price: { input: 1.5, output: 7.5 } },
  ],
}

/**
 * xAI. Which Grok models take reasoning_effort varies by generation: grok-4, the fast variants
 * and grok-4.20 reason (or not) by model id and answer 400 to reasoning_effort; grok-4.3 takes
 * none/low/medium/high and grok-4.5 low/medium/high (it cannot stop reasoning); grok-3-mini takes
 * it and is the one that returns reasoning_content.
 * source: https://docs.x.ai/developers/model-capabilities/text/reasoning
 * source: https://github.com/vercel/ai/releases/tag/@ai-sdk%2Fxai@4.0.8 (grok-4.20 rejects reasoning effort)
 */
export const xai: ProviderPreset = {
  id: 'xai',
  name: 'xAI (Grok)',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.x.ai/v1',
  endpointSupport: { chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported', images: 'passthrough' },
  docsUrl: 'https://docs.x.ai/docs/api-reference',
  modelDefaults: { toolChoice: ['auto', 'none', 'required', 'named'] },
  models: [
    // Grok 4.5 (July 2026): 500K context, $2 / $6, cached $0.50 (prompts over 204,800 tokens cost more),
    // reasoning effort low/medium/high (default high). Max output 32K per a reseller: unverified, unset.
    // source: https://github.com/Zoo-Code-Org/Zoo-Code/issues/866 (quoting https://docs.x.ai/developers/grok-4-5)
    { id: 'grok-4.5*', contextWindow: 500_000, reasoning: true, reasoningFormat: { alwaysOn: true }, price: { input: 2, output: 6, cacheRead: 0.5 } },
    // 1M context. source: https://docs.apiyi.com/en/api-capabilities/grok/overview (third party); price unverified.
    { id: 'grok-4.3*', contextWindow: 1_000_000, reasoning: true },
    // Base rate below 200K prompt tokens (twice that above). source: https://docs.x.ai/developers/models/grok-4.20-0309.md
    { id: 'grok-4.20*', contextWindow: 1_000_000, reasoning: false, price: { input: 1.25, output: 2.5, cacheRead: 0.2 } },
    // source: https://docs.x.ai/docs/models
    { id: 'grok-4-1-fast*', contextWindow: 2_000_000, reasoning: false },
    { id: 'grok-4-fast*', contextWindow: 2_000_000, reasoning: false, price: { input: 0.2, output: 0.5, cacheRead: 0.05 } },
    { id: 'grok-4*', contextWindow: 256_000, reasoning: false, reasoningFormat: { alwaysOn: true }, price: { input: 3, output: 15, cacheRead: 0.75 } },
    { id: 'grok-code-fast-1*', contextWindow: 256_000, reasoning: false, reasoningFormat: { alwaysOn: true }, price: { input: 0.2, output: 1.5, cacheRead: 0.02 } },
    { id: 'grok-3-mini*', contextWindow: 131_072, reasoning: true, reasoningFormat: { placement: 'reasoning_content' }, price: { input: 0.3, output: 0.5, cacheRead: 0.075 } },
  ],
}

/**
 * Perplexity's Sonar API: chat completions at the host root, no tool calling; the reasoning
 * models write their thinking as <think>…</think> at the start of the content.
 * source: https://docs.perplexity.ai/api-reference/chat-completions-post
 */
export const perplexity: ProviderPreset = {
  id: 'perplexity',
  name: 'Perplexity (Sonar)',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.perplexity.ai',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'unsupported', embeddings: 'unsupported' },
  docsUrl: 'https://docs.perplexity.ai/api-reference/chat-completions-post',
  models: [
    // source: https://docs.perplexity.ai/getting-started/pricing (token prices; searches cost extra per request)
    // Sonar's context: 127,072 per https://wavespeed.ai/zh-CN/llm/perplexity/sonar (third party), the lower value kept.
    // Sonar Reasoning Pro is listed at $2 / $8 there and at $3 / $15 in
    // https://www.skills.sh/jeremylongshore/tons-of-skills-marketplace/perplexity-cost-tuning: unverified, the first kept.
    { id: 'sonar', contextWindow: 127_072, reasoning: false, price: { input: 1, output: 1 } },
    { id: 'sonar-pro', contextWindow: 200_000, maxOutputTokens: 8_000, reasoning: false, price: { input: 3, output: 15 } },
    { id: 'sonar-reasoning-pro', contextWindow: 128_000, reasoning: true, reasoningFormat: { placement: 'think-tags', alwaysOn: true }, price: { input: 2, output: 8 } },
  ],
}

/**
 * Cohere's Compatibility API: chat completions (function calling, structured outputs) and
 * embeddings in OpenAI's shape; no model list is documented at this base.
 * source: https://docs.cohere.com/docs/compatibility-api
 * source: https://docs.cohere.com/changelog/compatibility-api (chat completions and embeddings)
 */
export const cohere: ProviderPreset = {
  id: 'cohere',
  name: 'Cohere (Compatibility API)',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.cohere.ai/compatibility/v1',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'unsupported', embeddings: 'passthrough' },
  docsUrl: 'https://docs.cohere.com/docs/compatibility-api',
  models: [
    // source: https://docs.cohere.com/docs/command-a
    { id: 'command-a-03-2025', contextWindow: 256_000, maxOutputTokens: 8_000, reasoning: false, price: { input: 2.5, output: 10 } },
  ],
}
