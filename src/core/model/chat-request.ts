/**
 * The canonical chat request: what every protocol's decode-request produces and every
 * encode-request consumes. It is not any wire format.
 */
import type { ChatMessage, TextPart } from './content.ts'
import type { ProtocolId } from './protocol-id.ts'

export type ToolDefinition = {
  name: string
  description?: string
  /** JSON Schema of the arguments object. */
  inputSchema: Record<string, unknown>
  cacheControl?: TextPart['cacheControl']
}

/**
 * A provider's own tool with no canonical form (Anthropic server tools such as web_search,
 * Responses built-in tools, Gemini googleSearch / codeExecution). Re-encoded only for the protocol
 * it came from; every other target removes it with a 'builtin-tool-removed' warning.
 */
export type BuiltinTool = {
  protocol: ProtocolId
  /** The wire type or name, for warnings and logs (e.g. 'web_search_20250305', 'googleSearch'). */
  type: string
  /** The tool definition exactly as the client sent it. */
  definition: Record<string, unknown>
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string }

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max'

export type ReasoningConfig = {
  /** false = the client explicitly turned reasoning off. */
  enabled: boolean
  effort?: ReasoningEffort
  budgetTokens?: number
  /** Anthropic adaptive thinking. */
  adaptive?: boolean
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json-object' }
  | { type: 'json-schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string }

export type ChatRequest = {
  /** The model the client asked for, before mapping. */
  model: string
  system: TextPart[]
  /** Only 'user' and 'assistant'; tool results are parts of a user turn. */
  messages: ChatMessage[]
  tools: ToolDefinition[]
  /** Provider tools with no canonical form, in the client's order. */
  builtinTools?: BuiltinTool[]
  toolChoice?: ToolChoice
  /** undefined = the protocol's default (parallel allowed). */
  parallelToolCalls?: boolean
  maxOutputTokens?: number
  temperature?: number
  topP?: number
  topK?: number
  stopSequences?: string[]
  reasoning?: ReasoningConfig
  responseFormat?: ResponseFormat
  /** End-user id for abuse tracking (Anthropic metadata.user_id, OpenAI user). */
  user?: string
  stream: boolean
  /** Fields no other protocol has, kept for a same-protocol re-encode; keyed by source protocol. */
  extensions?: Partial<Record<ProtocolId, Record<string, unknown>>>
}
