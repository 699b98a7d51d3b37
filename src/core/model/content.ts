/**
 * Content parts: the ordered pieces of a message. Four of the five protocols are part-based, so
 * the canonical model is too; OpenAI Chat's flat fields (content, reasoning_content, tool_calls)
 * are decoded into parts and re-flattened by its encoder.
 */
import type { ProtocolId } from './protocol-id.ts'

export type TextPart = {
  type: 'text'
  text: string
  /** Anthropic cache_control and similar; kept only for targets that accept it. */
  cacheControl?: { type: 'ephemeral'; ttl?: string }
}

/**
 * Model reasoning. `signature` is opaque and only valid at its origin (see `origin`); a
 * `redactedData` part carries encrypted reasoning with no readable text (Anthropic
 * redacted_thinking, OpenAI encrypted_content).
 */
export type ReasoningPart = {
  type: 'reasoning'
  text: string
  signature?: string
  redactedData?: string
  /** Which protocol produced the signature/redactedData (opaque data is only valid at its origin). */
  origin?: ProtocolId
}

export type ImageSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string }

export type ImagePart = { type: 'image'; source: ImageSource; cacheControl?: TextPart['cacheControl'] }

export type DocumentPart = {
  type: 'document'
  source: ImageSource | { kind: 'text'; text: string }
  title?: string
  cacheControl?: TextPart['cacheControl']
}

export type ToolCallPart = {
  type: 'tool-call'
  id: string
  name: string
  /** Arguments as a JSON text: streams deliver text fragments and some upstreams send invalid JSON. */
  arguments: string
  /** Opaque per-call data a provider needs back (Gemini thoughtSignature). */
  signature?: string
}

export type ToolResultPart = {
  type: 'tool-result'
  toolCallId: string
  /** Tool name when the source knows it (Gemini needs it; Anthropic does not send it). */
  name?: string
  content: Array<TextPart | ImagePart | DocumentPart>
  isError?: boolean
}

export type ContentPart = TextPart | ReasoningPart | ImagePart | DocumentPart | ToolCallPart | ToolResultPart

/** What an assistant turn (or a response) may contain. */
export type AssistantPart = TextPart | ReasoningPart | ToolCallPart

export type ChatMessage =
  | { role: 'user'; content: ContentPart[] }
  | { role: 'assistant'; content: ContentPart[] }
