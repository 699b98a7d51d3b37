/** OpenAI-compatible model clouds run from China: Alibaba's DashScope, SiliconFlow, Volcengine Ark. */
import type { ProviderPreset } from '../provider-preset.ts'

/**
 * Alibaba Cloud Model Studio (Qwen) in compatible mode. Thinking (enable_thinking) arrives as
 * reasoning_content; explicit prompt caching takes Anthropic-style cache_control markers on
 * message content.
 * source: https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope
 * source: https://www.alibabacloud.com/help/en/model-studio/context-cache (explicit cache: cache_control)
 * Newer accounts are also given workspace-scoped hosts ({WorkspaceId}.ap-southeast-1.maas.aliyuncs.com);
 * the regional dashscope hosts below remain documented.
 * source: https://help.aliyun.com/en/model-studio/batch-interfaces-compatible-with-openai/ (OpenAI-compatible
 * Batch over the Files API; the workspace domain recommended for Singapore)
 * max_tokens deprecated for max_completion_tokens on 2026-04-20 (effective 2026-05-30) per
 * https://gomodel.enterpilot.io/docs/providers/bailian (third party; not found on Alibaba's pages):
 * unverified, max_tokens kept.
 */
export const dashscope: ProviderPreset = {
  id: 'dashscope',
  name: 'Alibaba Cloud DashScope (Qwen)',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  alternateBaseUrls: [
    { name: 'China (Beijing)', url: 'https://dashscope.aliyuncs.com/compatible-mode/v1' },
    { name: 'US (Virginia)', url: 'https://dashscope-us.aliyuncs.com/compatible-mode/v1' },
  ],
  endpointSupport: { chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', files: 'passthrough', batches: 'passthrough' },
  docsUrl: 'https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope',
  modelDefaults: { cacheControl: true, reasoningFormat: { placement: 'reasoning_content', passBack: 'optional' } },
  models: [
    // source: https://www.alibabacloud.com/help/en/model-studio/models
    // qwen3-max: 256K context (252K input), 64K output per the console's model card as transcribed in
    // http://47.109.151.80:15030/Maas2-group/Maas-Model-platform/raw/master/backend/parsed_json/qwen3-max.json
    // and 65,536 output at https://docs.empiriolabs.ai/models/qwen3-max (both third party). Price is
    // tiered by prompt length (international list $1.20 / $6 up to 32K per that reseller): unverified, unset.
    { id: 'qwen3-max*', contextWindow: 262_144, maxOutputTokens: 65_536 },
    { id: 'qwen-plus*', contextWindow: 1_000_000, maxOutputTokens: 32_768, reasoning: true },
    // qwen-flash: 1M context (997K input), 32K output, thinking switchable (enable_thinking), same transcription:
    // http://47.109.151.80:15030/Maas2-group/Maas-Model-platform/raw/master/backend/parsed_json/qwen-flash.json (third party)
    { id: 'qwen-flash*', contextWindow: 1_000_000, maxOutputTokens: 32_768, reasoning: true },
    { id: 'qwen3-coder-plus*', contextWindow: 1_000_000, maxOutputTokens: 65_536, reasoning: false },
  ],
}

/**
 * SiliconFlow: siliconflow.cn for China, siliconflow.com internationally (separate accounts).
 * source: https://docs.siliconflow.cn/docs/api/chat-completions-post
 * source: https://docs.siliconflow.cn/llms.txt (API reference: audio speech/transcriptions, batches, files,
 * chat completions, embeddings, rerank, images/generations, models)
 * source: https://docs.siliconflow.com/en/api-reference/embeddings/create-embeddings (the international
 * reference's examples call api.ap.siliconflow.com)
 */
export const siliconflow: ProviderPreset = {
  id: 'siliconflow',
  name: 'SiliconFlow',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://api.siliconflow.cn/v1',
  alternateBaseUrls: [
    { name: 'International', url: 'https://api.siliconflow.com/v1' },
    { name: 'International (Asia-Pacific, as in the API reference)', url: 'https://api.ap.siliconflow.com/v1' },
  ],
  endpointSupport: {
    chat: 'translate', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough', rerank: 'passthrough',
    images: 'passthrough', audio: 'passthrough', batches: 'passthrough', files: 'passthrough',
  },
  docsUrl: 'https://docs.siliconflow.cn/docs/api/chat-completions-post',
  patches: ['top-k'],
  modelDefaults: { reasoningFormat: { placement: 'reasoning_content', passBack: 'optional' } },
}

/**
 * Volcengine Ark (ByteDance's Doubao models). The model field takes a model id or an
 * inference endpoint id (ep-…).
 * source: https://volcengine.com/docs/82379/1330626 (API reference: Chat, Responses, Files, image generation, embeddings)
 * source: https://www.volcengine.com/docs/82379/1263482 (API key as bearer; /api/v3/chat/completions and /api/v3/embeddings)
 * A model list at /api/v3/models is named only by a client's guide
 * (https://docs.loongclaw.ai/use-loong/provider-guides/volcengine, third party): unverified, left unclaimed.
 */
export const volcengineArk: ProviderPreset = {
  id: 'volcengine-ark',
  name: 'Volcengine Ark (Doubao)',
  protocol: 'openai',
  authType: 'bearer',
  defaultBaseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
  endpointSupport: { chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'unsupported', embeddings: 'passthrough', images: 'passthrough', files: 'passthrough' },
  docsUrl: 'https://volcengine.com/docs/82379/1330626',
  modelDefaults: { reasoningFormat: { placement: 'reasoning_content', passBack: 'optional' } },
}
