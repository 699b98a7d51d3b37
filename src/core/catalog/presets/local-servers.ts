/**
 * Servers that run models on the user's machine: no key, a loopback base URL. The egress
 * policy still has to allow the host: --allow-host with the base URL's host:port (127.0.0.1:11434,
 * localhost:1234), as the refusal at mint says.
 */
import type { ProviderPreset } from '../provider-preset.ts'

// source: https://docs.ollama.com/api/openai-compatibility
export const ollama: ProviderPreset = {
  id: 'ollama',
  name: 'Ollama (local)',
  protocol: 'openai',
  authType: 'none',
  defaultBaseUrl: 'http://127.0.0.1:11434/v1',
  endpointSupport: { chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', completions: 'passthrough' },
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

// source: https://lmstudio.ai/docs/api/openai-api (models, responses, chat/completions, embeddings, completions)
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
 * vLLM's OpenAI-compatible server (vllm serve). Since late 2025 it names echoed reasoning
 * `reasoning`, and it accepts top_k.
 * source: https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
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
 * llama.cpp's llama-server. With its default --reasoning-format it returns reasoning_content.
 * source: https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md
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
