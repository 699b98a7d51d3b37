/**
 * Minimal OpenAI Responses wire types: only what the codec writes. Decoders read `unknown` and
 * narrow, because compatible servers (Azure, GitHub Copilot, gateways) deviate.
 * Field names follow the `openai` SDK's resources/responses/responses.d.ts.
 * @see ../../../../../shared/protocols/openai-responses.md
 */
export type WireInputContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url: string; detail: 'auto' }
  | { type: 'input_file'; filename?: string; file_data?: string; file_url?: string }

export type WireOutputContent =
  | { type: 'output_text'; text: string; annotations: unknown[]; logprobs?: unknown[] }
  | { type: 'refusal'; refusal: string }

export type WireSummary = { type: 'summary_text'; text: string }

export type WireReasoningItem = {
  type: 'reasoning'
  id?: string
  summary: WireSummary[]
  encrypted_content?: string | null
  status?: ItemStatus
}

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete'

export type WireMessageItem = {
  type: 'message'
  id?: string
  role: 'assistant'
  status?: ItemStatus
  content: WireOutputContent[]
}

export type WireFunctionCallItem = {
  type: 'function_call'
  id?: string
  call_id: string
  name: string
  namespace?: string
  arguments: string
  status?: ItemStatus
}

export type WireCustomToolCallItem = {
  type: 'custom_tool_call'
  id?: string
  call_id: string
  name: string
  namespace?: string
  input: string
  status?: ItemStatus
}

export type WireOutputItem = WireReasoningItem | WireMessageItem | WireFunctionCallItem | WireCustomToolCallItem

export type WireInputItem =
  | { type: 'message'; role: 'user' | 'assistant' | 'system' | 'developer'; content: string | WireInputContent[] }
  | WireReasoningItem
  | WireFunctionCallItem
  | WireCustomToolCallItem
  | { type: 'function_call_output'; call_id: string; output: string | WireInputContent[] }
  | { type: 'custom_tool_call_output'; call_id: string; output: string | WireInputContent[] }

export type WireFunctionTool = {
  type: 'function'
  name: string
  description?: string
  parameters: Record<string, unknown>
  strict: boolean
}

export type WireToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function' | 'custom'; name: string }
  | Record<string, unknown>

export type WireResponsesRequest = {
  model: string
  input: WireInputItem[]
  instructions?: string
  tools?: Array<WireFunctionTool | Record<string, unknown>>
  tool_choice?: WireToolChoice
  parallel_tool_calls?: boolean
  max_output_tokens?: number
  temperature?: number
  top_p?: number
  reasoning?: { effort?: string; summary?: string }
  text?: { format?: Record<string, unknown>; verbosity?: string }
  user?: string
  store: false
  include?: string[]
  stream?: boolean
  [extra: string]: unknown
}

export type WireUsage = {
  input_tokens: number
  input_tokens_details: { cached_tokens: number; cache_write_tokens?: number }
  output_tokens: number
  output_tokens_details: { reasoning_tokens: number }
  total_tokens: number
}

export type WireResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed'

export type WireResponse = {
  id: string
  object: 'response'
  created_at: number
  status: WireResponseStatus
  error: { code: string; message: string } | null
  incomplete_details: { reason: string } | null
  instructions: null
  metadata: Record<string, unknown>
  model: string
  output: WireOutputItem[]
  parallel_tool_calls: boolean
  temperature: number | null
  top_p: number | null
  tool_choice: unknown
  tools: unknown[]
  store: false
  usage: WireUsage | null
  [extra: string]: unknown
}
