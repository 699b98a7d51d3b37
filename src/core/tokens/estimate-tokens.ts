/**
 * The input tokens of a whole request counted locally, for a count_tokens call the target cannot
 * answer (LESSONS #6: never 404, never undercount the system prompt, tools or images). Every text
 * goes through a text counter (a real tokenizer where the bridge has the target's, otherwise the
 * cheap estimate); a fixed per-message and per-tool overhead stands for the role and format tokens
 * every chat template adds, and a fixed cost for each image and binary document, whose pixel size
 * is unknown without decoding them. The proxy marks the answer estimated.
 */
import type { ChatRequest, ContentPart, DocumentPart } from '../model/index.ts'
import { estimateTextTokens } from './estimate-text-tokens.ts'

/** Tokens of one text. */
export type TextCounter = (text: string) => number

export const MESSAGE_OVERHEAD = 4
export const TOOL_OVERHEAD = 8
export const REQUEST_OVERHEAD = 3
/** Anthropic charges (w·h)/750 tokens per image, ~1,600 for a 1092×1092 image at the resize limit. */
export const IMAGE_TOKENS = 1600
/** A binary (PDF) document: about two pages of text plus their page images. */
export const DOCUMENT_TOKENS = 3000

function documentTokens(part: DocumentPart, count: TextCounter): number {
  const title = part.title === undefined ? 0 : count(part.title)
  return title + (part.source.kind === 'text' ? count(part.source.text) : DOCUMENT_TOKENS)
}

function partTokens(part: ContentPart, count: TextCounter): number {
  switch (part.type) {
    case 'text':
      return count(part.text)
    case 'reasoning':
      return count(part.text)
    case 'image':
      return IMAGE_TOKENS
    case 'document':
      return documentTokens(part, count)
    case 'tool-call':
      return count(part.name) + count(part.arguments) + MESSAGE_OVERHEAD
    case 'tool-result':
      return MESSAGE_OVERHEAD + part.content.reduce((sum, inner) => sum + partTokens(inner, count), 0)
  }
}

/** The request's input tokens with `count` for each text: system, messages, tools and built-in tools. */
export function countRequestTokens(request: ChatRequest, count: TextCounter): number {
  let total = REQUEST_OVERHEAD
  for (const part of request.system) total += count(part.text)
  if (request.system.length > 0) total += MESSAGE_OVERHEAD
  for (const message of request.messages) {
    total += MESSAGE_OVERHEAD
    for (const part of message.content) total += partTokens(part, count)
  }
  for (const tool of request.tools) {
    total += TOOL_OVERHEAD + count(tool.name) + count(tool.description ?? '') + count(JSON.stringify(tool.inputSchema))
  }
  // Built-in tools (web_search, bash, …) are not canonical tools, but providers count their definitions too.
  for (const tool of request.builtinTools ?? []) total += TOOL_OVERHEAD + count(JSON.stringify(tool.definition))
  return total
}

/** The cheap estimate of the whole request (no tokenizer): what calibration compares with upstream usage. */
export function estimateInputTokens(request: ChatRequest): number {
  return countRequestTokens(request, estimateTextTokens)
}
