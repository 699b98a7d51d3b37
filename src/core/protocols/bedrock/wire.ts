/**
 * Minimal Bedrock Converse wire types: what the encoders write. Decoders read `unknown` and
 * narrow. Field names follow @aws-sdk/client-bedrock-runtime (models_0.d.ts); in JSON, binary
 * `bytes` are base64 strings.
 * @see ../../../../../shared/protocols/bedrock-converse.md §3-5
 */
export type WireStopReason =
  | 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'guardrail_intervened' | 'content_filtered'
  | 'malformed_model_output' | 'malformed_tool_use' | 'model_context_window_exceeded'

export type WireCachePoint = { cachePoint: { type: 'default'; ttl?: string } }

export type WireMediaSource = { bytes: string } | { s3Location: { uri: string; bucketOwner?: string } }

export type WireImage = { image: { format: string; source: WireMediaSource } }

export type WireDocument = {
  document: { format?: string; name: string; source: WireMediaSource | { text: string } }
}

export type WireToolResultItem = { text: string } | { json: unknown } | WireImage | WireDocument

export type WireReasoning = {
  reasoningContent: { reasoningText: { text: string; signature?: string } } | { redactedContent: string }
}

export type WireContentBlock =
  | { text: string }
  | WireImage
  | WireDocument
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: WireToolResultItem[]; status?: 'success' | 'error' } }
  | WireReasoning
  | WireCachePoint

export type WireMessage = { role: 'user' | 'assistant'; content: WireContentBlock[] }

export type WireSystemBlock = { text: string } | WireCachePoint

export type WireTool =
  | { toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> }; strict?: boolean } }
  | WireCachePoint
  | Record<string, unknown>

export type WireToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } }

export type WireInferenceConfig = { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] }

export type WireConverseRequest = {
  messages: WireMessage[]
  system?: WireSystemBlock[]
  inferenceConfig?: WireInferenceConfig
  toolConfig?: { tools: WireTool[]; toolChoice?: WireToolChoice }
  additionalModelRequestFields?: Record<string, unknown>
  outputConfig?: Record<string, unknown>
  [field: string]: unknown
}

export type WireUsage = {
  inputTokens: number
  outputTokens: number
  totalTokens: number
  cacheReadInputTokens?: number
  cacheWriteInputTokens?: number
}

export type WireConverseResponse = {
  output: { message: { role: 'assistant'; content: WireContentBlock[] } }
  stopReason: WireStopReason
  usage: WireUsage
  metrics: { latencyMs: number }
  additionalModelResponseFields?: Record<string, unknown>
}

/** Exception names inside a ConverseStream (`:exception-type`), lower camel case. */
export type WireStreamException =
  | 'internalServerException' | 'modelStreamErrorException' | 'validationException' | 'throttlingException'
  | 'serviceUnavailableException'
