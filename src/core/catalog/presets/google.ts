/** Google's Gemini models: the Gemini API (native and its OpenAI-compatible endpoint) and Vertex AI. */
import type { ModelInfo, ModelTraits, ProviderPreset } from '../provider-preset.ts'

/**
 * Function-calling modes AUTO, ANY (with allowed names: one named tool) and NONE; thought
 * signatures must come back on the parts that carried them, or function calling fails on Gemini 3.
 * source: https://ai.google.dev/gemini-api/docs/thought-signatures
 */
const GEMINI_TRAITS: ModelTraits = {
  toolChoice: ['auto', 'none', 'required', 'named'],
  cacheControl: false,
  reasoningFormat: { placement: 'thought-parts', passBack: 'required' },
}

// source: https://ai.google.dev/gemini-api/docs/models and https://ai.google.dev/gemini-api/docs/pricing
// Prices are for prompts up to 200k tokens (longer prompts cost about twice as much); cache
// prices depend on the caching mode and are left out.
const GEMINI_MODELS: ModelInfo[] = [
  { id: 'gemini-3-pro*', contextWindow: 1_048_576, maxOutputTokens: 65_536, reasoning: true, price: { input: 2, output: 12 } },
  { id: 'gemini-3-flash*', contextWindow: 1_048_576, maxOutputTokens: 65_536, reasoning: true },
  // source: https://ai.google.dev/gemini-api/docs/models/gemini-3.1-pro-preview.md.txt (1,048,576 in, 65,536 out); price unverified, unset
  { id: 'gemini-3.1-pro*', contextWindow: 1_048_576, maxOutputTokens: 65_536, reasoning: true },
  // Gemini 3.8 Flash: $0.75 / $3.75 ($0.75 input "through December 31, 2026" on the pricing page),
  // 1M context, 65,536 output. source: https://vercel.com/ai-gateway/models/gemini-3.8-flash and
  // https://raw.githubusercontent.com/api-evangelist/gemini/refs/heads/main/plans/gemini-plans-pricing.yml (a transcription of ai.google.dev/gemini-api/docs/pricing)
  { id: 'gemini-3.8-flash*', contextWindow: 1_000_000, maxOutputTokens: 65_536, reasoning: true, price: { input: 0.75, output: 3.75 } },
  { id: 'gemini-2.5-pro*', contextWindow: 1_048_576, maxOutputTokens: 65_536, reasoning: true, price: { input: 1.25, output: 10 } },
  { id: 'gemini-2.5-flash-lite*', contextWindow: 1_048_576, maxOutputTokens: 65_536, reasoning: true, price: { input: 0.1, output: 0.4 } },
  { id: 'gemini-2.5-flash*', contextWindow: 1_048_576, maxOutputTokens: 65_536, reasoning: true, price: { input: 0.3, output: 2.5 } },
]

// source: https://ai.google.dev/api
export const gemini: ProviderPreset = {
  id: 'gemini',
  name: 'Google Gemini',
  protocol: 'gemini',
  // The key travels in a header, never in the URL: the upstream signer sends it as
  // x-goog-api-key for the gemini protocol (the header Google's own SDK uses).
  authType: 'x-api-key',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  endpointSupport: {
    chat: 'translate', count_tokens: 'passthrough', models: 'passthrough', embeddings: 'passthrough', files: 'passthrough',
    caches: 'passthrough', batches: 'passthrough',
  },
  docsUrl: 'https://ai.google.dev/api',
  modelDefaults: GEMINI_TRAITS,
  models: GEMINI_MODELS,
}

// source: https://ai.google.dev/gemini-api/docs/openai
export const geminiOpenai: ProviderPreset = {
  id: 'gemini-openai',
  name: 'Google Gemini (OpenAI-compatible)',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', images: 'passthrough', batches: 'passthrough' },
  docsUrl: 'https://ai.google.dev/gemini-api/docs/openai',
  // reasoning_effort maps to a thinking budget; thought summaries come back only on request.
  modelDefaults: { toolChoice: ['auto', 'none', 'required', 'named'], cacheControl: false },
  models: GEMINI_MODELS,
}

/**
 * Vertex AI speaks the same generateContent JSON under a project path, with an OAuth access
 * token (gcloud auth print-access-token) as the bearer.
 * source: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 * source: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations (the global endpoint's URL;
 * it offers no batch prediction and no context caching, which regional endpoints do)
 * Vertex's OpenAI-compatible Chat Completions ({location}-aiplatform.googleapis.com/.../endpoints/openapi)
 * is not modelled here: https://cloud.google.com/vertex-ai/generative-ai/docs/migrate/openai/examples
 */
export const vertex: ProviderPreset = {
  id: 'vertex',
  name: 'Google Vertex AI',
  protocol: 'gemini',
  authType: 'bearer',
  defaultBaseUrl: 'https://aiplatform.googleapis.com/v1/projects/{project}/locations/global/publishers/google',
  baseUrlPlaceholders: ['project'],
  // Vertex lists publisher models and embeds (:predict) elsewhere than the Gemini API does.
  endpointSupport: { chat: 'translate', count_tokens: 'passthrough', models: 'unsupported', embeddings: 'unsupported' },
  docsUrl: 'https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference',
  modelDefaults: GEMINI_TRAITS,
  models: GEMINI_MODELS,
}
