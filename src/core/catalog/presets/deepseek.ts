/**
 * DeepSeek: one account, an OpenAI-compatible and an Anthropic-compatible API. Models think by
 * default ({"thinking": {"type": "disabled"}} turns it off); reasoning arrives as
 * reasoning_content and must come back on every assistant turn that called tools, or the API
 * answers 400 (hence no strip-reasoning-content patch here).
 * source: https://api-docs.deepseek.com/guides/thinking_mode
 */
import type { ModelInfo, ModelTraits, ProviderPreset } from '../provider-preset.ts'
import { withPlacement } from './with-placement.ts'

const TRAITS: ModelTraits = {
  toolChoice: ['auto', 'none', 'required', 'named'],
  reasoningFormat: { placement: 'reasoning_content', passBack: 'required' },
}

/**
 * 1M context, up to 384K output. Prices are the peak-hour rates (the upper bound); off-peak
 * hours cost half.
 * source: https://api-docs.deepseek.com/quick_start/pricing
 */
const FLASH_PRICE = { input: 0.3, output: 1.2, cacheRead: 0.006 }
const MODELS: ModelInfo[] = [
  { id: 'deepseek-flash', contextWindow: 1_048_576, maxOutputTokens: 393_216, reasoning: true, price: FLASH_PRICE },
  { id: 'deepseek-v4-pro', contextWindow: 1_048_576, maxOutputTokens: 393_216, reasoning: true, price: { input: 1.32, output: 3.96, cacheRead: 0.044 } },
  // Legacy names, still accepted, served and billed as the current Flash model.
  { id: 'deepseek-v4-flash*', contextWindow: 1_048_576, maxOutputTokens: 393_216, reasoning: true, price: FLASH_PRICE },
  // deepseek-chat and deepseek-reasoner are the non-thinking and thinking modes of the Flash model,
  // announced for deprecation on 2026-07-24 (source: https://api-docs.deepseek.com/news/news250602,
  // an earlier quick start); whether they are still accepted after that date is unverified.
  { id: 'deepseek-chat', contextWindow: 1_048_576, maxOutputTokens: 393_216, reasoning: false, price: FLASH_PRICE },
  { id: 'deepseek-reasoner', contextWindow: 1_048_576, maxOutputTokens: 393_216, reasoning: true, reasoningFormat: { placement: 'reasoning_content', passBack: 'required', alwaysOn: true }, price: FLASH_PRICE },
]

// source: https://api-docs.deepseek.com/
export const deepseek: ProviderPreset = {
  id: 'deepseek',
  name: 'DeepSeek',
  protocol: 'openai',
  authType: 'bearer',
  // DeepSeek documents this (without /v1) as the OpenAI SDK base_url; /v1 is an accepted alias.
  defaultBaseUrl: 'https://api.deepseek.com',
  endpointSupport: { chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'unsupported' },
  docsUrl: 'https://api-docs.deepseek.com/',
  modelDefaults: TRAITS,
  models: MODELS,
}

/**
 * The Anthropic-compatible endpoint: anthropic-version and anthropic-beta are ignored, claude-*
 * model names are mapped (claude-opus* → deepseek-v4-pro, other claude* → deepseek-flash) and
 * other unknown names answer 400. No model list is served (the bridge lists a mapped URL's names).
 * Quirks: `thinking: disabled` next to `output_config.effort` is refused (Claude Code's sub-agents
 * send both), and so is a forced tool_choice while thinking, which is on by default.
 * source: https://api-docs.deepseek.com/guides/anthropic_api
 * source: https://github.com/deepseek-ai/DeepSeek-V3/issues/1397 (the effort refusal)
 * source: https://github.com/maximhq/bifrost/pull/5177 (forced tool_choice refused while thinking)
 */
export const deepseekAnthropic: ProviderPreset = {
  id: 'deepseek-anthropic',
  name: 'DeepSeek (Anthropic-compatible)',
  protocol: 'anthropic',
  authType: 'x-api-key',
  defaultBaseUrl: 'https://api.deepseek.com/anthropic',
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'unsupported' },
  docsUrl: 'https://api-docs.deepseek.com/guides/anthropic_api',
  patches: ['no-effort-without-thinking', 'auto-tool-choice-while-thinking'],
  defaultMaxOutputTokens: 8192,
  // Forced choices work only with thinking disabled; the patch turns them into auto otherwise.
  modelDefaults: { toolChoice: ['auto', 'none'], reasoningFormat: { placement: 'thinking-blocks', passBack: 'required' } },
  models: withPlacement(MODELS, 'thinking-blocks'),
}
