/**
 * How an Anthropic upstream is reached: base URLs come without the version (the SDK's
 * convention, `https://api.anthropic.com`), the key goes in `x-api-key` with the
 * `anthropic-version` header the API requires, and the client's version and beta headers cross
 * on passthrough.
 * @see ../../../../../shared/protocols/anthropic-messages.md §2
 */
import type { UpstreamConvention } from '../codec.ts'
import { anthropicTokenCounter } from './count-tokens.ts'
import { anthropicModelList } from './model-list.ts'

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01'

export const anthropicUpstream: UpstreamConvention = {
  upstreamPath: (relative, baseLastSegment) => (relative.startsWith('v1/') || baseLastSegment === 'v1' ? relative : `v1/${relative}`),
  apiKeyHeader: { name: 'x-api-key', with: { 'anthropic-version': DEFAULT_ANTHROPIC_VERSION } },
  passthroughHeaders: ['anthropic-version', 'anthropic-beta'],
  countTokens: anthropicTokenCounter,
  modelList: anthropicModelList(DEFAULT_ANTHROPIC_VERSION),
}
