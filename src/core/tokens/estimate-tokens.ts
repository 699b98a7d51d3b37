/**
 * A local input-token estimate for POST /v1/messages/count_tokens when the target has no counter
 * (LESSONS #6: never 404, never undercount the system prompt, tools or images). Heuristic:
 * about 4 characters per token for text and JSON, a fixed per-message and per-tool overhead for
 * the role/format tokens every tokenizer adds, and a fixed cost per image and binary document
 * because their pixel size is unknown without decoding them. The proxy marks the answer estimated.
 */
import type { ChatRequest, ContentPart, DocumentPart } from '../model/index.ts'

const CHARS_PER_TOKEN = 4
const MESSAGE_OVERHEAD = 4
const TOOL_OVERHEAD = 8
const REQUEST_OVERHEAD = 3
/** Anthropic charges (w·h)/750 tokens per image, ~1,600 for a 1092×1092 image at the resize limit. */
export const IMAGE_TOKENS = 1600
/** A binary (PDF) document: about two pages of text plus their page images. */
export const DOCUMENT_TOKENS = 3000

function textTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN)
}

function documentTokens(part: DocumentPart): number {
  const title = part.title === undefined ? 0 : textTokens(part.title)
  return title + (part.source.kind === 'text' ? textTokens(part.source.text) : DOCUMENT_TOKENS)
}

function partTokens(part: ContentPart): number {
  switch (part.type) {
    case 'text':
      return textTokens(part.text)
    case 'reasoning':
      return textTokens(part.text)
    case 'image':
      return IMAGE_TOKENS
    case 'document':
      return documentTokens(part)
    case 'tool-call':
      return textTokens(part.name) + textTokens(part.arguments) + MESSAGE_OVERHEAD
    case 'tool-result':
      return MESSAGE_OVERHEAD + part.content.reduce((sum, inner) => sum + partTokens(inner), 0)
  }
}

export function estimateInputTokens(request: ChatRequest): number {
  let total = REQUEST_OVERHEAD
  for (const part of request.system) total += textTokens(part.text)
  if (request.system.length > 0) total += MESSAGE_OVERHEAD
  for (const message of request.messages) {
    total += MESSAGE_OVERHEAD
    for (const part of message.content) total += partTokens(part)
  }
  for (const tool of request.tools) {
    total += TOOL_OVERHEAD + textTokens(tool.name) + textTokens(tool.description ?? '') + textTokens(JSON.stringify(tool.inputSchema))
  }
  // Built-in tools (web_search, bash, …) are not canonical tools, but providers count their definitions too.
  for (const tool of request.builtinTools ?? []) total += TOOL_OVERHEAD + textTokens(JSON.stringify(tool.definition))
  return total
}
