/**
 * The shape of one provider preset. Presets are typed data (catalog/presets/), never code paths.
 * The TypeBox schema (provider-preset-schema.ts) is checked against these types at compile time.
 */
import type { EndpointGroup } from '../protocols/codec.ts'
import type { ProtocolId } from '../model/index.ts'
import type { UpstreamAuth } from '../proxy-config.ts'

/**
 * What the bridge does with an endpoint group for this provider: chat is translated from other
 * protocols (and passed through from its own); the other groups pass through within one wire
 * family. 'unsupported': the provider does not serve it, or the bridge cannot reach it.
 */
export type EndpointSupport = 'translate' | 'passthrough' | 'unsupported'

/** A tool_choice a provider accepts, in canonical words: 'required' is Anthropic's `any`, 'named' one specific tool. */
export type ToolChoiceValue = 'auto' | 'none' | 'required' | 'named'

/**
 * Where an answer carries reasoning text: an OpenAI-compatible message field, Anthropic
 * `thinking` blocks, Gemini thought parts, or `<think>…</think>` inline in the content.
 */
export type ReasoningPlacement = 'reasoning_content' | 'reasoning' | 'reasoning_details' | 'thinking-blocks' | 'thought-parts' | 'think-tags'

export type ReasoningFormat = {
  placement?: ReasoningPlacement
  /**
   * Earlier assistant turns' reasoning: 'required' (must come back, at least within a tool-call
   * loop, or the model loses its chain or the API refuses), 'optional', 'rejected' (400 when sent).
   */
  passBack?: 'required' | 'optional' | 'rejected'
  /** The model always reasons; no control turns it off. */
  alwaysOn?: boolean
  /** Function tools with reasoning on are refused on Chat Completions: send such requests to the Responses API. */
  toolsNeedResponses?: boolean
}

/** Facts that shape a request to a model; a preset's `modelDefaults` hold them for all its models. */
export type ModelTraits = {
  /** Request field naming the output cap; undefined: `max_tokens` (or the protocol's own). */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens'
  /** tool_choice values the model accepts; undefined: unknown. */
  toolChoice?: ToolChoiceValue[]
  /** Whether Anthropic-style `cache_control` breakpoints are accepted (else they are dropped or refused). */
  cacheControl?: boolean
  /** A rule tool-call ids must follow; ids from other providers are rewritten to fit it. */
  toolCallId?: { pattern: string; length?: number }
  reasoningFormat?: ReasoningFormat
}

export type ModelPrice = {
  /** USD per million input tokens (uncached). */
  input: number
  /** USD per million output tokens (reasoning included). */
  output: number
  /** USD per million input tokens read from the prompt cache. */
  cacheRead?: number
  /** USD per million input tokens written to the prompt cache (Anthropic: the 5-minute write). */
  cacheWrite?: number
}

export type ModelInfo = ModelTraits & {
  /** Model id or a prefix ending in `*`. */
  id: string
  contextWindow?: number
  /** Largest output cap the model accepts. */
  maxOutputTokens?: number
  /** Output cap the provider applies when the request names none. */
  defaultOutputTokens?: number
  /** Whether the model takes a reasoning control (reasoning_effort, thinking); undefined = unknown. */
  reasoning?: boolean
  price?: ModelPrice
}

export type ProviderPreset = {
  id: string
  name: string
  protocol: ProtocolId
  authType: UpstreamAuth['type']
  /**
   * The base URL in the protocol SDK's convention. `{name}` segments (an Azure resource, a
   * Vertex project) must be filled in by the user; `baseUrlPlaceholders` names them.
   */
  defaultBaseUrl: string
  baseUrlPlaceholders?: string[]
  /** Other documented base URLs of the same API (another region, the China site). */
  alternateBaseUrls?: Array<{ name: string; url: string }>
  endpointSupport: Partial<Record<EndpointGroup, EndpointSupport>>
  docsUrl: string
  /** Named quirk patches (core/patches) applied to requests/streams for this provider. */
  patches?: string[]
  /** Traits every model of the provider has unless its entry says otherwise. */
  modelDefaults?: ModelTraits
  models?: ModelInfo[]
  /** Used when the target needs max_tokens and the client sent none. */
  defaultMaxOutputTokens?: number
}
