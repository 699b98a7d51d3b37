/**
 * Minimal OpenAI Chat Completions wire types: only what the codec writes. Decoders read `unknown`
 * and narrow, because compatible servers deviate from every field's documented type.
 * @see ../../../../../shared/protocols/openai-chat.md
 */
/** `cache_control`: an Anthropic-style breakpoint, for upstreams whose catalog entry accepts one (OpenRouter). */
export type WireTextPart = { type: 'text'; text: string; cache_control?: { type: 'ephemeral'; ttl?: string } }
export type WireImagePart = { type: 'image_url'; image_url: { url: string; detail?: string } }
export type WireFilePart = { type: 'file'; file: { filename?: string; file_data?: string; file_id?: string } }
export type WireUserPart = WireTextPart | WireImagePart | WireFilePart

export type WireToolCall = {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

export type WireMessage =
  | { role: 'system' | 'developer'; content: string | WireTextPart[] }
  | { role: 'user'; content: string | WireUserPart[] }
  | {
      role: 'assistant'
      content: string | null
      tool_calls?: WireToolCall[]
      reasoning_content?: string
      reasoning_details?: unknown[]
    }
  | { role: 'tool'; tool_call_id: string; content: string | WireTextPart[] }

export type WireTool = {
  type: 'function'
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean }
}

export type WireToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } }

export type WireChatRequest = {
  model: string
  messages: WireMessage[]
  tools?: WireTool[]
  tool_choice?: WireToolChoice
  parallel_tool_calls?: boolean
  max_tokens?: number
  max_completion_tokens?: number
  temperature?: number
  top_p?: number
  stop?: string[]
  reasoning_effort?: string
  response_format?: Record<string, unknown>
  user?: string
  stream?: boolean
  stream_options?: { include_usage: boolean }
  [extra: string]: unknown
}

export type WireUsage = {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number }
  completion_tokens_details?: { reasoning_tokens?: number }
}

export type WireFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call'

export type WireResponseMessage = {
  role: 'assistant'
  content: string | null
  refusal: string | null
  reasoning_content?: string
  /** OpenRouter-style details carrying Anthropic thinking signatures (signed-reasoning-details.ts). */
  reasoning_details?: unknown[]
  tool_calls?: WireToolCall[]
}

export type WireChatCompletion = {
  id: string
  object: 'chat.completion'
  created: number
  model: string
  choices: Array<{ index: number; message: WireResponseMessage; logprobs: null; finish_reason: string }>
  usage?: WireUsage
}

export type WireChunkToolCall = {
  index: number
  id?: string
  type?: 'function'
  function: { name?: string; arguments: string }
}

export type WireChunkDelta = {
  role?: 'assistant'
  content?: string | null
  reasoning_content?: string
  reasoning_details?: unknown[]
  refusal?: string | null
  tool_calls?: WireChunkToolCall[]
}

export type WireChatChunk = {
  id: string
  object: 'chat.completion.chunk'
  created: number
  model: string
  choices: Array<{ index: number; delta: WireChunkDelta; logprobs: null; finish_reason: string | null }>
  usage?: WireUsage | null
}

export type WireError = { error: { message: string; type: string; param: string | null; code: string | null } }
