/**
 * The provider catalog, as typed data: one object per provider in presets/, grouped by family.
 * A provider on an existing protocol and auth type is one object there. Base URLs follow the
 * convention of the protocol's official SDK (OpenAI: with /v1 or the provider's documented
 * equivalent; Anthropic: without /v1; Gemini: without a version).
 *
 * endpointSupport says what the bridge does with each endpoint group for this provider once the
 * provider's protocol has a codec; the catalog API downgrades it while a codec is missing
 * (see effectiveEndpointSupport). Model numbers are listed only where documented; prices in USD
 * per million tokens.
 */
import { checkPresetPatches } from './check-preset-patches.ts'
import { anthropic } from './presets/anthropic.ts'
import { azureOpenai } from './presets/azure-openai.ts'
import { bedrock } from './presets/bedrock.ts'
import { dashscope, siliconflow, volcengineArk } from './presets/china-clouds.ts'
import { deepseek, deepseekAnthropic } from './presets/deepseek.ts'
import { gemini, geminiOpenai, vertex } from './presets/google.ts'
import { cerebras, deepinfra, fireworks, githubModels, groq, huggingface, novita, nvidiaNim, openrouter, sambanova, together } from './presets/inference-hosts.ts'
import { llamaCpp, lmstudio, ollama, ollamaAnthropic, vllm } from './presets/local-servers.ts'
import { minimax, minimaxAnthropic } from './presets/minimax.ts'
import { cohere, mistral, perplexity, xai } from './presets/model-labs.ts'
import { moonshot, moonshotAnthropic } from './presets/moonshot.ts'
import { openai } from './presets/openai.ts'
import { zhipu, zhipuAnthropic } from './presets/zhipu.ts'
import type { ProviderPreset } from './provider-preset.ts'

export const PROVIDERS: ProviderPreset[] = [
  anthropic,
  openai,
  azureOpenai,
  bedrock,
  gemini,
  geminiOpenai,
  vertex,
  groq,
  deepseek,
  deepseekAnthropic,
  openrouter,
  together,
  fireworks,
  mistral,
  xai,
  cerebras,
  perplexity,
  deepinfra,
  nvidiaNim,
  githubModels,
  moonshot,
  moonshotAnthropic,
  zhipu,
  zhipuAnthropic,
  dashscope,
  siliconflow,
  volcengineArk,
  minimax,
  minimaxAnthropic,
  huggingface,
  cohere,
  sambanova,
  novita,
  ollama,
  ollamaAnthropic,
  lmstudio,
  vllm,
  llamaCpp,
]

checkPresetPatches(PROVIDERS)

export function findProvider(id: string): ProviderPreset | undefined {
  return PROVIDERS.find((provider) => provider.id === id)
}
