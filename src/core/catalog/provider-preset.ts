/** The shape of one provider preset. Presets are typed data (catalog/providers.ts), never code paths. */
import type { EndpointGroup } from '../protocols/codec.ts'
import type { ProtocolId } from '../model/index.ts'
import type { UpstreamAuth } from '../proxy-config.ts'

export type EndpointSupport = 'translate' | 'passthrough' | 'unsupported'

export type ModelInfo = {
  /** Model id or a prefix ending in `*`. */
  id: string
  contextWindow?: number
  maxOutputTokens?: number
  /** Whether the model takes a reasoning control (reasoning_effort, thinking); undefined = unknown. */
  reasoning?: boolean
  /**
   * Chat for this model goes out in this protocol instead of the provider's (same wire family,
   * same base URL and auth): OpenAI's newest reasoning models reject function tools with
   * reasoning on Chat Completions and take them on /v1/responses (LESSONS #28).
   */
  chatProtocol?: ProtocolId
  /** USD per million tokens. */
  price?: { input: number; output: number; cacheRead?: number; cacheWrite?: number }
}

export type ProviderPreset = {
  id: string
  name: string
  protocol: ProtocolId
  authType: UpstreamAuth['type']
  defaultBaseUrl: string
  endpointSupport: Partial<Record<EndpointGroup, EndpointSupport>>
  docsUrl: string
  /** Named quirk patches (core/patches) applied to requests/streams for this provider. */
  patches?: string[]
  models?: ModelInfo[]
  /** Used when the target needs max_tokens and the client sent none. */
  defaultMaxOutputTokens?: number
}
