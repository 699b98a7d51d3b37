/**
 * How an OpenAI-compatible upstream is reached: base URLs include the version (`…/v1`,
 * `…/openai/v1`, DeepSeek's bare host), so a client path's own `v1/` is dropped. Keys are bearer
 * tokens; an `x-api-key` auth type sends the key in that header alone.
 * @see ../../../../../shared/protocols/openai-chat.md §1
 */
import type { UpstreamConvention } from '../codec.ts'
import { openaiChatTokenCounter } from '../openai-responses/count-tokens.ts'
import { openaiModelList } from './model-list.ts'

export const openaiUpstream: UpstreamConvention = {
  upstreamPath: (relative) => relative.replace(/^v1\//, ''),
  apiKeyHeader: { name: 'x-api-key' },
  passthroughHeaders: ['openai-organization', 'openai-project', 'openai-beta'],
  // GPT-5.2 and later refuse function tools with reasoning here ("use /v1/responses").
  toolsWithReasoningWire: 'openai-responses',
  // OpenAI counts a request's tokens on its Responses route only; same base URL and auth.
  countTokens: openaiChatTokenCounter,
  modelList: openaiModelList,
}
