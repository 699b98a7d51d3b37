/**
 * Anthropic history rules the API enforces (mapping.md §2 "Sanity pass", LESSONS #12, #21):
 * alternating roles, no empty turns, every tool_use answered by a tool_result in the very next
 * user turn, tool_results first and in call order, no orphan tool_results.
 */
import type { WarningSink } from '../../model/index.ts'
import type { WireMessage, WireRequestBlock, WireToolResultBlock } from './wire.ts'

function mergeSameRole(messages: WireMessage[]): WireMessage[] {
  const merged: WireMessage[] = []
  for (const message of messages) {
    if (message.content.length === 0) continue
    const last = merged.at(-1)
    if (last && last.role === message.role) last.content = [...last.content, ...message.content]
    else merged.push({ role: message.role, content: [...message.content] })
  }
  return merged
}

function toolUseIds(message: WireMessage | undefined): string[] {
  if (message?.role !== 'assistant') return []
  return message.content.flatMap((block) => (block.type === 'tool_use' ? [block.id] : []))
}

/** Rebuilds one user turn: results in call order, synthesised where missing, orphans as text. */
function pairResults(callIds: string[], user: WireMessage, warnings: WarningSink): WireMessage {
  const results = new Map<string, WireToolResultBlock>()
  const rest: WireRequestBlock[] = []
  for (const block of user.content) {
    if (block.type !== 'tool_result') rest.push(block)
    else if (callIds.includes(block.tool_use_id) && !results.has(block.tool_use_id)) results.set(block.tool_use_id, block)
    else {
      warnings.add('orphan-tool-result', 'a tool result without a matching tool call was sent as text', `tool_result ${block.tool_use_id}`)
      const text = typeof block.content === 'string' ? block.content : block.content.flatMap((inner) => (inner.type === 'text' ? [inner.text] : [])).join('\n')
      rest.push({ type: 'text', text: `Tool result (${block.tool_use_id}): ${text || '(empty)'}` })
    }
  }
  const ordered = callIds.map((id): WireToolResultBlock => {
    const found = results.get(id)
    if (found) return found
    warnings.add('missing-tool-result', 'a tool call had no result; sent an error result', `tool_use ${id}`)
    return { type: 'tool_result', tool_use_id: id, content: '(no result)', is_error: true }
  })
  return { role: 'user', content: [...ordered, ...rest] }
}

export function normalizeMessages(messages: WireMessage[], warnings: WarningSink): WireMessage[] {
  // After merging, roles alternate: every user turn follows the assistant turn it answers.
  const normalized: WireMessage[] = []
  for (const message of mergeSameRole(messages)) {
    const callIds = toolUseIds(normalized.at(-1))
    normalized.push(message.role === 'user' ? pairResults(callIds, message, warnings) : message)
  }
  return normalized
}
