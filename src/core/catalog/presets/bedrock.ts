/** Amazon Bedrock's Converse API, signed with AWS SigV4. */
import type { ProviderPreset } from '../provider-preset.ts'

/**
 * Claude on Converse: Anthropic now calls Converse/InvokeModel with ARN-versioned model ids the
 * "legacy" Bedrock integration; models without such an id (Opus 4.7 and later, the Claude 5 family)
 * are served by the Messages-API endpoint (bedrock-mantle.{region}.api.aws/anthropic/v1/messages),
 * which this preset does not reach, so they are not listed here.
 * source: https://platform.claude.com/docs/en/build-with-claude/claude-on-amazon-bedrock-legacy (model ids and
 * the global/us/eu/jp profiles per model)
 * source: https://docs.aws.amazon.com/bedrock/latest/userguide/inference-messages-api.html (the Messages-API endpoints)
 * The global profile of Sonnet 4.5 costs about 10% less than the geographic (us., eu., jp.) ones: the
 * global rows carry Anthropic's list price and the geographic rows 1.1 times it (derived, not read as
 * a price table; applied to Opus 4.5 and Haiku 4.5 as well, unverified for them).
 * source: https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html
 * source: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export const bedrock: ProviderPreset = {
  id: 'bedrock',
  name: 'Amazon Bedrock',
  protocol: 'bedrock',
  authType: 'aws',
  // The region must match the one the request is signed for.
  defaultBaseUrl: 'https://bedrock-runtime.{region}.amazonaws.com',
  baseUrlPlaceholders: ['region'],
  // Model listing lives on another host (bedrock.{region}.amazonaws.com): not reachable through this base URL.
  // Guardrails (moderations) and async invocations are on the runtime endpoint; batch jobs and the
  // model list are on the control plane (bedrock.{region}), which this base URL does not reach.
  endpointSupport: {
    chat: 'translate', count_tokens: 'passthrough', moderations: 'passthrough', other: 'passthrough',
    models: 'unsupported', embeddings: 'unsupported', batches: 'unsupported',
  },
  docsUrl: 'https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference.html',
  modelDefaults: { toolChoice: ['auto', 'required', 'named'] },
  // Converse requires no maxTokens, but Claude models do.
  defaultMaxOutputTokens: 8192,
  models: [
    // Sonnet 4.5 (anthropic.claude-sonnet-4-5-20250929-v1:0; global, us, eu, jp): 200K context, 64K output.
    // Anthropic retires it on its own API on November 30, 2026
    // (https://platform.claude.com/docs/en/models/sonnet-4-5/overview); Bedrock's date is not stated there.
    // The in-region id's price is not stated: list price kept, unverified.
    { id: 'anthropic.claude-sonnet-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
    { id: 'global.anthropic.claude-sonnet-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
    { id: 'us.anthropic.claude-sonnet-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 3.3, output: 16.5, cacheRead: 0.33, cacheWrite: 4.125 } },
    { id: 'eu.anthropic.claude-sonnet-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 3.3, output: 16.5, cacheRead: 0.33, cacheWrite: 4.125 } },
    { id: 'jp.anthropic.claude-sonnet-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 3.3, output: 16.5, cacheRead: 0.33, cacheWrite: 4.125 } },
    // Opus 4.5 (anthropic.claude-opus-4-5-20251101-v1:0; global, us, eu): 200K context, 64K output, $5 / $25.
    // source: https://platform.claude.com/docs/en/models/opus-4-5/overview
    { id: 'global.anthropic.claude-opus-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 } },
    { id: 'us.anthropic.claude-opus-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 5.5, output: 27.5, cacheRead: 0.55, cacheWrite: 6.875 } },
    { id: 'eu.anthropic.claude-opus-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 5.5, output: 27.5, cacheRead: 0.55, cacheWrite: 6.875 } },
    // Haiku 4.5: 200K context, 64K output, prompt caching with 5-minute and 1-hour TTLs.
    // source: https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-haiku-4-5.html
    // Its base id anthropic.claude-haiku-4-5-20251001-v1:0: https://mixaill76.github.io/auto_ai_router/refs/bedrock_anthropic/ (third party).
    { id: 'anthropic.claude-haiku-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 } },
    { id: 'global.anthropic.claude-haiku-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 } },
    { id: 'us.anthropic.claude-haiku-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 1.1, output: 5.5, cacheRead: 0.11, cacheWrite: 1.375 } },
    { id: 'eu.anthropic.claude-haiku-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 1.1, output: 5.5, cacheRead: 0.11, cacheWrite: 1.375 } },
    // Nova Pro (amazon.nova-pro-v1:0): 300K context. Output cap 5K on the model card and 10K in a later
    // AWS migration post (https://github.com/quattro004/Agent004/wiki/Source-Amazon-Nova-Lite and
    // https://docs.rs/mixtape-core/latest/src/mixtape_core/models/nova.rs.html, third party): the lower kept.
    // $0.80 / $3.20: https://gist.github.com/dinnouti/6aa006af5f1208f9fa9e92ddb0793b19 (LiteLLM's table, third party).
    { id: 'amazon.nova-pro*', contextWindow: 300_000, maxOutputTokens: 5_000, reasoning: false, price: { input: 0.8, output: 3.2 } },
    { id: 'us.amazon.nova-pro*', contextWindow: 300_000, maxOutputTokens: 5_000, reasoning: false, price: { input: 0.8, output: 3.2 } },
  ],
}
