/**
 * Moonshot AI's Kimi API (platform.kimi.ai; API hosts api.moonshot.ai and, for China,
 * api.moonshot.cn), OpenAI- and Anthropic-compatible. Kimi K2 models think and return
 * reasoning_content, which must stay in the history of a tool-calling conversation.
 * source: https://platform.kimi.ai/docs/api/overview
 */
import type { ModelInfo, ModelTraits, ProviderPreset } from '../provider-preset.ts'
import { withPlacement } from './with-placement.ts'

/**
 * Forced tool_choice ('required' or a named function) is refused while thinking is on
 * ("tool_choice … is incompatible with thinking enabled").
 * source: https://docs.rs/crate/harn-vm/latest/source/src/llm/capability_sources/20-providers/35-moonshot.toml
 */
const TRAITS: ModelTraits = {
  toolChoice: ['auto', 'none'],
  reasoningFormat: { placement: 'reasoning_content', passBack: 'required' },
}

// source: https://platform.kimi.ai/docs/models (the original kimi-k2 ids were retired in May 2026;
// kimi-k2.5, kimi-k2.6 and kimi-k2.7-code remain)
// source: https://platform.kimi.com/docs/pricing/chat-k26 (Kimi K2.6: 256K context, thinking and non-thinking modes)
const MODELS: ModelInfo[] = [
  { id: 'kimi-k2*', contextWindow: 262_144, reasoning: true },
  // Kimi K3 (July 2026): 1,048,576 context, $3 / $15, cache read $0.30; always reasons, effort
  // low/high/max. Max output: 131,072 per one reseller, 1.05M per others; the lower is kept.
  // Not read on platform.kimi.ai: sources are resellers at list price (third party).
  // source: https://docs.apiyi.com/en/models/kimi-k3.md
  // source: https://docs.sim.ai/models/kimi/kimi-k3.md
  // source: https://metacpan.org/pod/Langertha::Engine::MoonshotAnthropic (K3 always reasons; effort as output_config.effort)
  { id: 'kimi-k3*', contextWindow: 1_048_576, maxOutputTokens: 131_072, reasoning: true, reasoningFormat: { placement: 'reasoning_content', passBack: 'required', alwaysOn: true }, price: { input: 3, output: 15, cacheRead: 0.3 } },
  // Kimi K3.1 Pro: $2 / $10, 1.05M context (https://docs.sim.ai/models/kimi; third party); output cap unverified.
  { id: 'kimi-k3.1*', contextWindow: 1_048_576, reasoning: true, reasoningFormat: { placement: 'reasoning_content', passBack: 'required', alwaysOn: true }, price: { input: 2, output: 10 } },
  // The Moonshot v1 generation names its context in the id and does not think.
  { id: 'moonshot-v1-8k*', contextWindow: 8_192, reasoning: false },
  { id: 'moonshot-v1-32k*', contextWindow: 32_768, reasoning: false },
  { id: 'moonshot-v1-128k*', contextWindow: 131_072, reasoning: false },
]

// source: https://platform.kimi.ai/docs/api/overview (OpenAI-compatible API: chat, responses, models, files, batches)
export const moonshot: ProviderPreset = {
  id: 'moonshot',
  name: 'Moonshot AI (Kimi)',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.moonshot.ai/v1',
  alternateBaseUrls: [{ name: 'China', url: 'https://api.moonshot.cn/v1' }],
  endpointSupport: {
    chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported',
    files: 'passthrough', batches: 'passthrough',
  },
  docsUrl: 'https://platform.kimi.ai/docs/api/overview',
  modelDefaults: TRAITS,
  models: MODELS,
}

// source: https://platform.kimi.ai/docs/api/overview (the Anthropic-compatible base URL, used as Claude Code's ANTHROPIC_BASE_URL)
export const moonshotAnthropic: ProviderPreset = {
  id: 'moonshot-anthropic',
  name: 'Moonshot AI (Kimi, Anthropic-compatible)',
  protocol: 'anthropic',
  // Kimi's Claude Code guide sets ANTHROPIC_AUTH_TOKEN, which travels as a bearer token.
  authType: 'bearer',
  defaultBaseUrl: 'https://api.moonshot.ai/anthropic',
  alternateBaseUrls: [{ name: 'China', url: 'https://api.moonshot.cn/anthropic' }],
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'unsupported' },
  docsUrl: 'https://platform.kimi.ai/docs/api/overview',
  // Forced tool_choice is refused while thinking (see TRAITS): it becomes auto, with a warning.
  patches: ['auto-tool-choice-while-thinking'],
  defaultMaxOutputTokens: 8192,
  modelDefaults: { toolChoice: ['auto', 'none'], reasoningFormat: { placement: 'thinking-blocks', passBack: 'required' } },
  models: withPlacement(MODELS, 'thinking-blocks'),
}
