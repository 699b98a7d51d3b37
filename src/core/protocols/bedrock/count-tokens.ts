/**
 * Bedrock's token counter: POST model/{id}/count-tokens with the Converse body wrapped in
 * `{"input": {"converse": …}}` answers `{"inputTokens": n}`. It counts for Anthropic models only;
 * the others get the bridge's estimate.
 * @see ../../../../../shared/protocols/bedrock-converse.md §1
 */
import { readTokenCount } from '../../tokens/read-token-count.ts'
import type { UpstreamTokenCounter } from '../codec.ts'
import { encodeBedrockCountTokensRequest } from './encode-request.ts'
import { modelFamily } from './model-family.ts'

export const bedrockTokenCounter: UpstreamTokenCounter = {
  encodeRequest: encodeBedrockCountTokensRequest,
  decodeResponse: (body) => readTokenCount(body, 'inputTokens'),
  countsModel: (upstreamModel) => modelFamily(upstreamModel) === 'anthropic',
  assumedWithoutCatalog: true,
}
