/**
 * OpenAI-compatible hosts of many (mostly open-weight) models. Their model lists change weekly,
 * so models are recorded only where a host documents stable numbers; GET /models is the truth.
 */
import type { ProviderPreset } from '../provider-preset.ts'

// source: https://console.groq.com/docs/openai
export const groq: ProviderPreset = {
  id: 'groq',
  name: 'Groq',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.groq.com/openai/v1',
  endpointSupport: {
    chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported',
    audio: 'passthrough', files: 'passthrough', batches: 'passthrough',
  },
  docsUrl: 'https://console.groq.com/docs/openai',
  // Groq refuses unknown message fields such as an echoed reasoning_content.
  patches: ['strip-reasoning-content'],
  modelDefaults: { toolChoice: ['auto', 'none', 'required', 'named'], reasoningFormat: { passBack: 'rejected' } },
  models: [
    // source: https://console.groq.com/docs/models (production models: price, context window, max completion tokens)
    // Third-party catalogs mark the Llama models and qwen3-32b retired by late 2026
    // (https://docs.sim.ai/models/groq.md); Groq's page as read still lists the Llama rows.
    { id: 'llama-3.1-8b-instant', contextWindow: 131_072, maxOutputTokens: 131_072, reasoning: false, price: { input: 0.05, output: 0.08 } },
    { id: 'llama-3.3-70b-versatile', contextWindow: 131_072, maxOutputTokens: 32_768, reasoning: false, price: { input: 0.59, output: 0.79 } },
    // source: https://console.groq.com/docs/reasoning (gpt-oss: a `reasoning` field; Qwen 3: <think> in
    // the content unless reasoning_format is "parsed")
    { id: 'openai/gpt-oss-120b', contextWindow: 131_072, maxOutputTokens: 65_536, reasoning: true, reasoningFormat: { placement: 'reasoning', passBack: 'rejected' }, price: { input: 0.15, output: 0.6 } },
    { id: 'openai/gpt-oss-20b', contextWindow: 131_072, maxOutputTokens: 65_536, reasoning: true, reasoningFormat: { placement: 'reasoning', passBack: 'rejected' }, price: { input: 0.075, output: 0.3 } },
    { id: 'openai/gpt-oss-*', contextWindow: 131_072, maxOutputTokens: 65_536, reasoning: true, reasoningFormat: { placement: 'reasoning', passBack: 'rejected' } },
    // Context and output as documented when it was served; it may be retired (see above): unverified.
    { id: 'qwen/qwen3-32b', contextWindow: 131_072, maxOutputTokens: 40_960, reasoning: true, reasoningFormat: { placement: 'think-tags', passBack: 'rejected' } },
  ],
}

// source: https://openrouter.ai/docs/api-reference/overview
export const openrouter: ProviderPreset = {
  id: 'openrouter',
  name: 'OpenRouter',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://openrouter.ai/api/v1',
  endpointSupport: { chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported', completions: 'passthrough' },
  docsUrl: 'https://openrouter.ai/docs/api-reference/overview',
  // OpenRouter names echoed reasoning `reasoning` and accepts top_k.
  patches: ['reasoning-field', 'top-k'],
  // source: https://openrouter.ai/docs/use-cases/reasoning-tokens (reasoning_details keep signed reasoning across turns)
  // source: https://openrouter.ai/docs/features/prompt-caching (cache_control breakpoints for Anthropic and Gemini models)
  modelDefaults: { toolChoice: ['auto', 'none', 'required', 'named'], cacheControl: true, reasoningFormat: { placement: 'reasoning_details', passBack: 'optional' } },
}

/**
 * Together's docs now name api.together.ai; api.together.xyz still serves the same API. Batches,
 * moderations and OpenAI-shaped files are not offered; rerank is Together's own endpoint.
 * source: https://docs.together.ai/docs/inference/openai-compatibility
 */
export const together: ProviderPreset = {
  id: 'together',
  name: 'Together AI',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.together.ai/v1',
  alternateBaseUrls: [{ name: 'Former host', url: 'https://api.together.xyz/v1' }],
  endpointSupport: {
    chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', completions: 'passthrough',
    images: 'passthrough', audio: 'passthrough', rerank: 'passthrough', files: 'unsupported', batches: 'unsupported', moderations: 'unsupported',
  },
  docsUrl: 'https://docs.together.ai/docs/inference/openai-compatibility',
  patches: ['top-k'],
  // source: https://docs.together.ai/docs/kimi-k2-thinking-quickstart (reasoning models answer with a `reasoning` field)
  modelDefaults: { reasoningFormat: { placement: 'reasoning' } },
}

// source: https://docs.fireworks.ai/tools-sdks/openai-compatibility
export const fireworks: ProviderPreset = {
  id: 'fireworks',
  name: 'Fireworks AI',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', completions: 'passthrough' },
  docsUrl: 'https://docs.fireworks.ai/tools-sdks/openai-compatibility',
  patches: ['top-k'],
}

// source: https://deepinfra.com/docs/advanced/openai_api
export const deepinfra: ProviderPreset = {
  id: 'deepinfra',
  name: 'DeepInfra',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.deepinfra.com/v1/openai',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', completions: 'passthrough', images: 'passthrough', audio: 'passthrough' },
  docsUrl: 'https://deepinfra.com/docs/advanced/openai_api',
  patches: ['top-k'],
  modelDefaults: { reasoningFormat: { placement: 'reasoning_content' } },
}

// source: https://inference-docs.cerebras.ai/resources/openai
export const cerebras: ProviderPreset = {
  id: 'cerebras',
  name: 'Cerebras',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.cerebras.ai/v1',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported', completions: 'passthrough' },
  docsUrl: 'https://inference-docs.cerebras.ai/resources/openai',
  // Only 'auto' and 'none' are accepted; frequency_penalty, presence_penalty, logit_bias,
  // parallel_tool_calls and service_tier are refused with 400.
  // source: https://hexdocs.pm/req_llm/cerebras.html (a client library's notes; third party, not read on Cerebras' own pages)
  modelDefaults: { toolChoice: ['auto', 'none'] },
}

// source: https://docs.sambanova.ai/cloud/docs (OpenAI compatibility; capabilities: text, function calling, vision, audio, embeddings)
export const sambanova: ProviderPreset = {
  id: 'sambanova',
  name: 'SambaNova Cloud',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.sambanova.ai/v1',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', audio: 'passthrough' },
  docsUrl: 'https://docs.sambanova.ai/cloud/docs',
}

// source: https://novita.ai/docs/api-reference/model-apis-introduction (chat completions, completions, model list)
export const novita: ProviderPreset = {
  id: 'novita',
  name: 'Novita AI',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.novita.ai/openai',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported', completions: 'passthrough' },
  docsUrl: 'https://novita.ai/docs/api-reference/model-apis-introduction',
  patches: ['top-k'],
  modelDefaults: { reasoningFormat: { placement: 'reasoning_content' } },
}

// source: https://docs.api.nvidia.com/nim/reference/llm-apis
// source: https://build.nvidia.com/ (llms.txt: every hosted NIM speaks OpenAI Chat Completions at this base, bearer key)
export const nvidiaNim: ProviderPreset = {
  id: 'nvidia-nim',
  name: 'NVIDIA NIM (build.nvidia.com)',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://integrate.api.nvidia.com/v1',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', completions: 'passthrough' },
  docsUrl: 'https://docs.api.nvidia.com/nim/reference/llm-apis',
}

/**
 * GitHub Models: a GitHub token with the models:read scope is the key; model ids carry their
 * publisher (openai/gpt-4.1). Only chat completions are served under /inference; the model
 * catalog lives at /catalog/models, outside this base.
 * source: https://docs.github.com/en/rest/models/inference
 * source: https://github.blog/changelog/2025-05-15-github-models-api-now-available
 */
export const githubModels: ProviderPreset = {
  id: 'github-models',
  name: 'GitHub Models',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://models.github.ai/inference',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'unsupported', embeddings: 'unsupported' },
  docsUrl: 'https://docs.github.com/en/rest/models/inference',
}

/**
 * Hugging Face Inference Providers through its OpenAI-compatible router; a model id may pick
 * a provider with a suffix (model:provider). The key is a fine-grained token allowed to call
 * Inference Providers.
 * source: https://huggingface.co/docs/inference-providers/index
 * source: https://huggingface.co/changelog/inference-providers-openai-compatible
 */
export const huggingface: ProviderPreset = {
  id: 'huggingface',
  name: 'Hugging Face Inference Providers',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://router.huggingface.co/v1',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported' },
  docsUrl: 'https://huggingface.co/docs/inference-providers/index',
}
