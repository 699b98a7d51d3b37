/**
 * Anthropic's token counter: POST /v1/messages/count_tokens takes the Messages request without
 * max_tokens and stream and answers `{"input_tokens": n}`. Anthropic-compatible servers (DeepSeek,
 * Moonshot, MiniMax…) often serve /v1/messages alone, so a server the catalog does not describe
 * is not assumed to count.
 * @see ../../../../../shared/protocols/anthropic-messages.md §11
 */
import { readTokenCount } from '../../tokens/read-token-count.ts'
import type { UpstreamTokenCounter } from '../codec.ts'
import { encodeAnthropicCountTokensRequest } from './encode-request.ts'

export const anthropicTokenCounter: UpstreamTokenCounter = {
  encodeRequest: encodeAnthropicCountTokensRequest,
  decodeResponse: (body) => readTokenCount(body, 'input_tokens'),
  assumedWithoutCatalog: false,
}
