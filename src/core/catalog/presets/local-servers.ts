/**
 * Servers that run models on the user's machine: no key, a loopback base URL. The egress
 * policy still has to allow the host: --allow-host with the base URL's host:port (127.0.0.1:11434,
 * localhost:1234), as the refusal at mint says.
 */
import type { ProviderPreset } from '../provider-preset.ts'

/**
 * Ollama's OpenAI-compatible /v1: chat completions (tools, reasoning_effort), completions, models,
 * embeddings, stateless Responses, experimental image generation, and speech and transcription
 * since v0.40.8. The key is required by OpenAI clients but ignored.
 * source: https://docs.ollama.com/api/openai-compatibility
 * Images: https://raw.githubusercontent.com/api-evangelist/ollama/refs/heads/main/openapi/ollama-openai-compatibility-api-openapi.yml
 * (derived from that page); audio: https://www.w3cschool.cn/ollamadocs/ollamadocs-api-openai-compatibility.html
 * (a translation of that page at v0.40.12). Both third party.
 */
export const ollama: ProviderPreset = {
  id: 'ollama',
  name: 'Ollama (local)',
  protocol: 'openai',
  authType: 'none',
  defaultBaseUrl: 'http://127.0.0.1:11434/v1',
  endpointSupport: {
    chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', completions: 'passthrough',
    images: 'passthrough', audio: 'passthrough',
  },
  docsUrl: 'https://docs.ollama.com/api/openai-compatibility',
  modelDefaults: { reasoningFormat: { placement: 'reasoning' } },
}

/**
 * Ollama's Anthropic Messages API, at the server root: an Anthropic client appends /v1/messages.
 * Its /v1/models answers in OpenAI's shape, so an Anthropic model list cannot pass through (a
 * mapped URL lists its own names). The key is required by clients but ignored locally.
 * No quirk patch: the page documents a subset of Messages without naming a refused field;
 * prompt caching is not among the features it lists (cacheControl false: conservative).
 * source: https://docs.ollama.com/api/anthropic-compatibility
 */
export const ollamaAnthropic: ProviderPreset = {
  id: 'ollama-anthropic',
  name: 'Ollama (local, Anthropic-compatible)',
  protocol: 'anthropic',
  authType: 'none',
  defaultBaseUrl: 'http://127.0.0.1:11434',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'unsupported' },
  docsUrl: 'https://docs.ollama.com/api/anthropic-compatibility',
  defaultMaxOutputTokens: 8192,
  modelDefaults: { cacheControl: false },
}

// source: https://lmstudio.ai/docs/api/openai-api (models, responses, chat/completions, embeddings, completions; port 1234)
// LM Studio also serves Anthropic's /v1/messages at the server root (https://lmstudio.ai/docs/developer/anthropic-compat),
// not modelled here.
export const lmstudio: ProviderPreset = {
  id: 'lmstudio',
  name: 'LM Studio (local)',
  protocol: 'openai',
  authType: 'none',
  defaultBaseUrl: 'http://localhost:1234/v1',
  endpointSupport: { chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', completions: 'passthrough' },
  docsUrl: 'https://lmstudio.ai/docs/api/openai-api',
  modelDefaults: { reasoningFormat: { placement: 'reasoning_content' } },
}

/**
 * vLLM's OpenAI-compatible server (vllm serve, port 8000). Since late 2025 it names echoed
 * reasoning `reasoning`, and it accepts top_k. It serves completions, chat completions, Responses,
 * embeddings (embedding models), audio transcriptions and translations (speech-recognition models;
 * no speech synthesis), rerank (/v1/rerank, Jina/Cohere shape) and the model list; also Anthropic's
 * /v1/messages and count_tokens, not modelled here.
 * source: https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
 * source: https://docs.vllm.ai/en/stable/serving/online_serving.html (supported APIs)
 */
export const vllm: ProviderPreset = {
  id: 'vllm',
  name: 'vLLM (local)',
  protocol: 'openai',
  authType: 'none',
  defaultBaseUrl: 'http://localhost:8000/v1',
  endpointSupport: {
    chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough',
    completions: 'passthrough', audio: 'passthrough', rerank: 'passthrough',
  },
  docsUrl: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html',
  patches: ['reasoning-field', 'top-k'],
  modelDefaults: { reasoningFormat: { placement: 'reasoning' } },
}

/**
 * llama.cpp's llama-server (127.0.0.1:8080 by default). With its default --reasoning-format (auto)
 * it returns reasoning_content. /v1/embeddings needs --embeddings and /v1/rerank (an alias of
 * /reranking) needs --rerank; it also serves Anthropic's /v1/messages, not modelled here.
 * source: https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md
 * source: https://github.com/ggml-org/llama.cpp/pull/17570 (Anthropic Messages API)
 * The rerank aliases: https://huggingface.co/datasets/ping98k/llama-cpp-server-doc-qa (third party, from the README).
 */
export const llamaCpp: ProviderPreset = {
  id: 'llama-cpp',
  name: 'llama.cpp server (local)',
  protocol: 'openai',
  authType: 'none',
  defaultBaseUrl: 'http://127.0.0.1:8080/v1',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', completions: 'passthrough', rerank: 'passthrough' },
  docsUrl: 'https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md',
  patches: ['top-k'],
  modelDefaults: { reasoningFormat: { placement: 'reasoning_content' } },
}
