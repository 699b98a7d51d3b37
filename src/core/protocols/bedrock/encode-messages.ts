/**
 * Canonical messages → Bedrock messages, with the history rules Converse enforces: roles
 * alternate (consecutive same-role turns merge), no empty turns, tool results first in their
 * user turn, reasoning only in assistant turns, and a message with a document also has a text
 * block.
 * @see ../../../../../shared/protocols/bedrock-converse.md §3.3
 */
import type { ChatMessage, WarningSink } from '../../model/index.ts'
import { encodePart } from './encode-content.ts'
import type { WireContentBlock, WireMessage } from './wire.ts'

function encodeMessage(message: ChatMessage, messageIndex: number, warnings: WarningSink): WireMessage {
  const content: WireContentBlock[] = []
  message.content.forEach((part, partIndex) => {
    const field = `messages[${messageIndex}].content[${partIndex}]`
    if (part.type === 'reasoning' && message.role === 'user') {
      warnings.add('dropped-reasoning', 'reasoning in a user turn has no Bedrock form', field)
      return
    }
    content.push(...encodePart(part, field, warnings))
  })
  return { role: message.role, content }
}

function toolResultsFirst(message: WireMessage): WireMessage {
  if (message.role !== 'user') return message
  const results = message.content.filter((block) => 'toolResult' in block)
  if (results.length === 0) return message
  // A cache point stays behind the block it follows.
  const rest = message.content.filter((block) => !('toolResult' in block))
  return { role: 'user', content: [...results, ...rest] }
}

function withDocumentText(message: WireMessage, warnings: WarningSink): WireMessage {
  const documents = message.content.filter((block): block is Extract<WireContentBlock, { document: unknown }> => 'document' in block)
  if (documents.length === 0 || message.content.some((block) => 'text' in block)) return message
  warnings.add('added-text-block', 'Bedrock needs a text block beside a document; added its name', 'document')
  return { ...message, content: [...message.content, { text: documents.map((block) => block.document.name).join(', ') }] }
}

export function encodeMessages(messages: ChatMessage[], warnings: WarningSink): WireMessage[] {
  const merged: WireMessage[] = []
  messages.forEach((message, index) => {
    const encoded = encodeMessage(message, index, warnings)
    if (encoded.content.every((block) => 'cachePoint' in block)) return
    const last = merged.at(-1)
    if (last && last.role === encoded.role) last.content = [...last.content, ...encoded.content]
    else merged.push(encoded)
  })
  return merged.map((message) => withDocumentText(toolResultsFirst(message), warnings))
}

/** Tool blocks in the history (Bedrock then requires a toolConfig) and the tool names they call. */
export function historyTools(messages: readonly WireMessage[]): { hasToolBlocks: boolean; names: string[] } {
  const names = new Set<string>()
  let hasToolBlocks = false
  for (const message of messages) {
    for (const block of message.content) {
      if ('toolUse' in block) names.add(block.toolUse.name)
      if ('toolUse' in block || 'toolResult' in block) hasToolBlocks = true
    }
  }
  return { hasToolBlocks, names: [...names] }
}
