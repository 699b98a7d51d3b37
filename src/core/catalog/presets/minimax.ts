/**
 * MiniMax (api.minimax.io; China: api.minimaxi.com). The M2 models always think; on the
 * OpenAI-compatible API the reasoning comes inline as <think>…</think> in the content unless
 * the request sets reasoning_split, and the whole assistant message (reasoning included) must go
 * back in a tool-calling conversation or the chain of thought breaks.
 * source: https://platform.minimax.io/docs/api-reference/text-openai-api
 */
import type { ModelInfo, ProviderPreset } from '../provider-preset.ts'

// source: https://platform.minimax.io/docs/api-reference/text-anthropic-api (204,800-token context for every M2 model;
// the Anthropic API serves MiniMax-M3, M2.7, M2.7-highspeed and M2.5)
// M3's context window, output caps and every price: unverified (not on the pages read), left unset.
// M3 thinks adaptively by default; M2.x keep thinking even when it is disabled (third-party
// client notes: https://java.agentscope.io/v2/en/integration/model/minimax; unverified on MiniMax's pages).
const MODELS: ModelInfo[] = [
  { id: 'MiniMax-M2*', contextWindow: 204_800, reasoning: true },
  { id: 'MiniMax-M3*', reasoning: true },
]

// source: https://platform.minimax.io/docs/api-reference/text-openai-api
export const minimax: ProviderPreset = {
  id: 'minimax',
  name: 'MiniMax',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.minimax.io/v1',
  alternateBaseUrls: [{ name: 'China', url: 'https://api.minimaxi.com/v1' }],
  endpointSupport: { chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'unsupported', embeddings: 'unsupported' },
  docsUrl: 'https://platform.minimax.io/docs/api-reference/text-openai-api',
  // MiniMax marks max_tokens deprecated in favour of max_completion_tokens (per a client library's
  // notes, https://java.agentscope.io/v2/en/integration/model/minimax; unverified): max_tokens, still accepted, is kept.
  modelDefaults: { reasoningFormat: { placement: 'think-tags', passBack: 'required', alwaysOn: true } },
  models: MODELS,
}

/**
 * Text and tool calls only (no image or document input); every returned content block
 * (thinking, text, tool_use) must be appended to the history as is. No quirk patch: the pages
 * read document no field this endpoint refuses (tool_choice values: unverified, all four kept).
 * source: https://platform.minimax.io/docs/api-reference/text-anthropic-api
 */
export const minimaxAnthropic: ProviderPreset = {
  id: 'minimax-anthropic',
  name: 'MiniMax (Anthropic-compatible)',
  protocol: 'anthropic',
  // MiniMax's Claude Code guide sets ANTHROPIC_AUTH_TOKEN, which travels as a bearer token.
  authType: 'bearer',
  defaultBaseUrl: 'https://api.minimax.io/anthropic',
  alternateBaseUrls: [{ name: 'China', url: 'https://api.minimaxi.com/anthropic' }],
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'unsupported' },
  docsUrl: 'https://platform.minimax.io/docs/api-reference/text-anthropic-api',
  defaultMaxOutputTokens: 8192,
  modelDefaults: { toolChoice: ['auto', 'none', 'required', 'named'], reasoningFormat: { placement: 'thinking-blocks', passBack: 'required', alwaysOn: true } },
  models: MODELS,
}
