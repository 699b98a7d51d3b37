/**
 * Minimal Anthropic Messages wire types: only what this codec writes. Decoders read `unknown`
 * and narrow, because upstreams add fields and block types without notice.
 * @see ../../../../../shared/protocols/anthropic-messages.md
 */

export type WireCacheControl = { type: 'ephemeral'; ttl?: string }

export type WireMediaSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'text'; media_type: 'text/plain'; data: string }

export type WireTextBlock = { type: 'text'; text: string; cache_control?: WireCacheControl }
export type WireImageBlock = { type: 'image'; source: WireMediaSource; cache_control?: WireCacheControl }
export type WireDocumentBlock = { type: 'document'; source: WireMediaSource; title?: string; cache_control?: WireCacheControl }
export type WireThinkingBlock = { type: 'thinking'; thinking: string; signature: string }
export type WireRedactedThinkingBlock = { type: 'redacted_thinking'; data: string }
export type WireToolUseBlock = { type: 'tool_use'; id: string; name: string; input: unknown }
export type WireToolResultBlock = {
  type: 'tool_result'
  tool_use_id: string
  content: Array<WireTextBlock | WireImageBlock | WireDocumentBlock> | string
  is_error?: boolean
}

export type WireRequestBlock =
  | WireTextBlock
  | WireImageBlock
  | WireDocumentBlock
  | WireThinkingBlock
  | WireRedactedThinkingBlock
  | WireToolUseBlock
  | WireToolResultBlock

export type WireMessage = { role: 'user' | 'assistant'; content: WireRequestBlock[] }

export type WireTool = {
  name: string
  description?: string
  input_schema: Record<string, unknown>
  cache_control?: WireCacheControl
}

export type WireToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' }

export type WireThinkingConfig =
  | { type: 'enabled'; budget_tokens: number }
  | { type: 'adaptive' }
  | { type: 'disabled' }

export type WireMessagesRequest = {
  model: string
  max_tokens: number
  messages: WireMessage[]
  system?: WireTextBlock[]
  stream?: boolean
  stop_sequences?: string[]
  temperature?: number
  top_p?: number
  top_k?: number
  tools?: unknown[]
  tool_choice?: WireToolChoice
  thinking?: WireThinkingConfig
  output_config?: { effort?: string; format?: { type: 'json_schema'; schema: Record<string, unknown> } }
  metadata?: { user_id: string }
  [extension: string]: unknown
}

export type WireStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded'

export type WireUsage = {
  input_tokens: number
  output_tokens: number
  cache_creation_input_tokens: number | null
  cache_read_input_tokens: number | null
  output_tokens_details?: { thinking_tokens: number }
}

export type WireResponseBlock = WireTextBlock | WireThinkingBlock | WireRedactedThinkingBlock | WireToolUseBlock

export type WireMessageResponse = {
  id: string
  type: 'message'
  role: 'assistant'
  model: string
  content: WireResponseBlock[]
  stop_reason: WireStopReason | null
  stop_sequence: string | null
  usage: WireUsage
}

export type WireErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error'

export type WireErrorBody = { type: 'error'; error: { type: WireErrorType; message: string }; request_id?: string }
