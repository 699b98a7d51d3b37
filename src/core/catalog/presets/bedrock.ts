/** Amazon Bedrock's Converse API, signed with AWS SigV4. */
import type { ProviderPreset } from '../provider-preset.ts'

// source: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
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
    // Base model ids and the cross-region inference profiles (us., eu., global.) newer models need.
    { id: 'anthropic.claude-sonnet-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
    { id: 'us.anthropic.claude-sonnet-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
    { id: 'global.anthropic.claude-sonnet-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
    { id: 'us.anthropic.claude-haiku-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 } },
    { id: 'amazon.nova-pro*', contextWindow: 300_000, maxOutputTokens: 10_000, reasoning: false },
    { id: 'us.amazon.nova-pro*', contextWindow: 300_000, maxOutputTokens: 10_000, reasoning: false },
  ],
}
