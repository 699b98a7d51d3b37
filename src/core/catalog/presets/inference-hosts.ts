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
 * source: https://docs.together.ai/docs/inference/openai-compatibility (endpoint compatibility matrix:
 * chat, completions, embeddings, images/generations, audio speech/transcriptions/translations, models)
 * source: https://www.developersdigest.tech/reference/api-compatibility/together (third party: batches,
 * moderations, fine-tuning not offered in OpenAI's shape; files only through Together's own Files API)
 * source: https://raw.githubusercontent.com/togethercomputer/openapi/main/openapi.yaml (POST /rerank)
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

/**
 * Fireworks: chat and completions at /inference/v1 (a max_tokens beyond the context window is
 * lowered, not refused, unless context_length_exceeded_behavior is "error"; streams carry usage in
 * the last chunk). It also serves an Anthropic-compatible endpoint, not modelled here.
 * source: https://docs.fireworks.ai/tools-sdks/openai-compatibility
 * source: https://docs.fireworks.ai/guides/response-api (Responses API at the same base URL)
 * Embeddings and the model list at this base: https://docs.getbifrost.ai/providers/supported-providers/fireworks
 * (third party; Fireworks' embeddings guide uses the same base through the OpenAI client).
 */
export const fireworks: ProviderPreset = {
  id: 'fireworks',
  name: 'Fireworks AI',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
  endpointSupport: { chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', completions: 'passthrough' },
  docsUrl: 'https://docs.fireworks.ai/tools-sdks/openai-compatibility',
  patches: ['top-k'],
  // Reasoning models answer with reasoning_content: https://docs.getbifrost.ai/providers/supported-providers/fireworks
  // and https://raw.githubusercontent.com/Leanmcp/gateway-skills/main/skills/fireworks-inference/SKILL.md (both third party).
  modelDefaults: { reasoningFormat: { placement: 'reasoning_content' } },
}

/**
 * DeepInfra's OpenAI-compatible API: chat, completions and embeddings for every LLM and embedding
 * model; image generation and speech in OpenAI's shape at the same base.
 * source: https://deepinfra.com/docs/advanced/openai_api
 * source: https://deepinfra.com/stabilityai/stable-diffusion-2-1/api (POST /v1/openai/images/generations)
 * source: https://docs.deepinfra.com/api-reference/openai-audio-speech-1 (POST /v1/openai/audio/speech)
 * source: https://docs.deepinfra.com/chat/reasoning (reasoning_effort, "none" turns it off). The
 * answer's reasoning field is not named there: reasoning_content is unverified, kept.
 */
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

/**
 * SambaNova Cloud. presence_penalty, frequency_penalty and logit_bias are ignored; n above 1 is
 * refused together with tools. It also serves Anthropic's Messages API, not modelled here.
 * source: https://docs.sambanova.ai/cloud/docs (capabilities: text, function calling, vision, audio, embeddings)
 * source: https://docs.sambanova.ai/docs/en/features/openai-compatibility (POST /v1/responses; unsupported fields)
 * source: https://docs.sambanova.ai/docs/api-reference/embeddings/create-embeddings
 * The base URL is given on the console's "API keys and URLs" page; api.sambanova.ai/v1 is the one
 * https://community.sambanova.ai/t/standardized-api-calling-templates-for-sambacloud-models/1278 uses.
 */
export const sambanova: ProviderPreset = {
  id: 'sambanova',
  name: 'SambaNova Cloud',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.sambanova.ai/v1',
  endpointSupport: { chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', audio: 'passthrough' },
  docsUrl: 'https://docs.sambanova.ai/cloud/docs',
}

/**
 * Novita's LLM API: chat completions, completions, embeddings and the model list, at the base its
 * guide and API reference name (/v3/openai). Client libraries use /openai instead
 * (https://docs.pipecat.ai/server/services/llm/novita, third party): kept as an alternate.
 * An Anthropic-compatible endpoint (https://api.novita.ai/anthropic) is not modelled here.
 * source: https://novita.ai/docs/api-reference/model-apis-introduction (chat completions, completions, model list)
 * source: https://novita.ai/docs/guides/llm-api (base URL https://api.novita.ai/v3/openai)
 * source: https://novita.ai/docs/api-reference/model-apis-llm-create-embeddings (POST /v3/openai/embeddings)
 * source: https://novita.ai/docs/guides/llm-anthropic-compatibility
 */
export const novita: ProviderPreset = {
  id: 'novita',
  name: 'Novita AI',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.novita.ai/v3/openai',
  alternateBaseUrls: [{ name: 'Unversioned path used by client libraries', url: 'https://api.novita.ai/openai' }],
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', completions: 'passthrough' },
  docsUrl: 'https://novita.ai/docs/guides/llm-api',
  patches: ['top-k'],
  // The answer's reasoning field is not named on Novita's pages: reasoning_content is unverified, kept.
  modelDefaults: { reasoningFormat: { placement: 'reasoning_content' } },
}

// source: https://docs.api.nvidia.com/nim/reference/llm-apis
// source: https://build.nvidia.com/ (llms.txt: every hosted NIM speaks OpenAI Chat Completions at this base, bearer key)
// Embeddings (NeMo Retriever models, input_type query/passage) at this host:
// https://raw.githubusercontent.com/api-evangelist/nvidia-nim/refs/heads/main/openapi/nvidia-nim-embeddings-api-openapi.yml
// and completions/models: https://raw.githubusercontent.com/api-evangelist/nvidia-nim/refs/heads/main/conformance/nvidia-nim-conformance.yml
// (third party, derived from NVIDIA's specs and llms.txt).
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
 * publisher (openai/gpt-4.1). Chat completions and embeddings are served under /inference; the
 * model catalog lives at /catalog/models, outside this base.
 * source: https://docs.github.com/en/rest/models/inference
 * source: https://docs.github.com/en/rest/models/embeddings (embedding requests, model ids publisher/name)
 * source: https://github.com/github/codespaces-models/pull/28 (GitHub's samples call models.github.ai/inference for /embeddings)
 * source: https://github.blog/changelog/2025-05-15-github-models-api-now-available
 */
export const githubModels: ProviderPreset = {
  id: 'github-models',
  name: 'GitHub Models',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://models.github.ai/inference',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'unsupported', embeddings: 'passthrough' },
  docsUrl: 'https://docs.github.com/en/rest/models/inference',
}

/**
 * Hugging Face Inference Providers through its OpenAI-compatible router; a model id may pick
 * a provider with a suffix (model:provider). The key is a fine-grained token allowed to call
 * Inference Providers.
 * No /v1/embeddings route of the router is documented (feature extraction is a task of its own),
 * so embeddings stay unclaimed; GET /v1/models is named by clients, not by Hugging Face's pages.
 * source: https://huggingface.co/docs/inference-providers/index
 * source: https://huggingface.co/changelog/inference-providers-openai-compatible
 * source: https://huggingface.co/docs/inference-providers/guides/responses-api (Responses API, beta, same base URL)
 * source: https://openclawlab.com/zh-cn/docs/providers/huggingface/ (GET /v1/models; third party)
 */
export const huggingface: ProviderPreset = {
  id: 'huggingface',
  name: 'Hugging Face Inference Providers',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://router.huggingface.co/v1',
  endpointSupport: { chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported' },
  docsUrl: 'https://huggingface.co/docs/inference-providers/index',
}
