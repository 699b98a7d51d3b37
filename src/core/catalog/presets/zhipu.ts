/**
 * Zhipu AI's GLM models: BigModel (open.bigmodel.cn, China) and Z.ai (api.z.ai, international)
 * serve the same API. The chat endpoint accepts tool_choice 'auto' only, so the no-tool-choice
 * patch drops any other value with a warning instead of letting the request fail.
 * source: https://docs.bigmodel.cn/api-reference/%E6%A8%A1%E5%9E%8B-api/%E5%AF%B9%E8%AF%9D%E8%A1%A5%E5%85%A8%E5%BC%82%E6%AD%A5 (tool_choice: auto)
 */
import type { ModelInfo, ProviderPreset } from '../provider-preset.ts'

// source: https://docs.bigmodel.cn/cn/guide/models/text/glm-4.6 (200K context; max_tokens up to 128K, 96K for GLM-4.5)
const MODELS: ModelInfo[] = [
  { id: 'glm-4.6*', contextWindow: 200_000, maxOutputTokens: 131_072, reasoning: true },
  { id: 'glm-4.5*', contextWindow: 131_072, maxOutputTokens: 98_304, reasoning: true },
  { id: 'glm-5*', reasoning: true },
]

// source: https://docs.bigmodel.cn (OpenAI-compatible base URL /api/paas/v4)
export const zhipu: ProviderPreset = {
  id: 'zhipu',
  name: 'Zhipu AI (GLM)',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://open.bigmodel.cn/api/paas/v4',
  alternateBaseUrls: [{ name: 'Z.ai (international)', url: 'https://api.z.ai/api/paas/v4' }],
  // The Responses API lives under /api/v1, outside this base URL.
  endpointSupport: { chat: 'translate', responses: 'unsupported', count_tokens: 'unsupported', models: 'unsupported', embeddings: 'passthrough' },
  docsUrl: 'https://docs.bigmodel.cn',
  patches: ['no-tool-choice'],
  // Thinking ({"thinking": {"type": "enabled"}}, GLM-4.5 and later) arrives as reasoning_content.
  modelDefaults: { toolChoice: ['auto'], reasoningFormat: { placement: 'reasoning_content', passBack: 'optional' } },
  models: MODELS,
}

// Claude Code reaches it with ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN (a bearer token).
// No quirk patch: no refused field is documented for this endpoint (tool_choice values and
// cache_control: unverified, left unset). Newer GLM ids seen in Claude Code launchers (glm-5.1,
// glm-5.2, glm-5.3, glm-5-turbo, glm-4.7) match glm-5* / glm-4.x entries; their numbers are unverified.
// source: https://docs.bigmodel.cn (Claude Code guide)
// source: https://pypi.org/project/glm-launch/ (model ids used through api.z.ai/api/anthropic; third party)
export const zhipuAnthropic: ProviderPreset = {
  id: 'zhipu-anthropic',
  name: 'Zhipu AI (GLM, Anthropic-compatible)',
  protocol: 'anthropic',
  authType: 'bearer',
  defaultBaseUrl: 'https://open.bigmodel.cn/api/anthropic',
  alternateBaseUrls: [{ name: 'Z.ai (international)', url: 'https://api.z.ai/api/anthropic' }],
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'unsupported' },
  docsUrl: 'https://docs.bigmodel.cn',
  defaultMaxOutputTokens: 8192,
  modelDefaults: { reasoningFormat: { placement: 'thinking-blocks', passBack: 'required' } },
  models: MODELS,
}
