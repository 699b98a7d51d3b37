/**
 * Anthropic refuses a history with tool_use / tool_result blocks when the request defines no
 * tools. Clients send exactly that when they have a conversation summarised: Codex's own
 * compaction turn resends the whole history with `tools: []`. The tools the history called are
 * declared (with an open schema) and made uncallable with tool_choice none, and a warning says so.
 * @see ../../../../../shared/protocols/anthropic-messages.md
 */
import type { ChatRequest, WarningSink } from '../../model/index.ts'
import type { WireTool, WireToolChoice } from './wire.ts'

export function declareHistoryTools(request: ChatRequest, warnings: WarningSink): { tools: WireTool[]; choice: WireToolChoice } | undefined {
  // Server tools are the client's own definitions (restored as they came): nothing to add to them.
  if (request.tools.length > 0 || (request.builtinTools?.length ?? 0) > 0) return undefined
  const names = new Set<string>()
  for (const message of request.messages) for (const part of message.content) if (part.type === 'tool-call') names.add(part.name)
  if (names.size === 0) return undefined
  warnings.add('declared-history-tools', 'The history calls tools the request does not define; they were declared and made uncallable (tool_choice none)', 'tools')
  const tools = [...names].map((name): WireTool => ({ name, input_schema: { type: 'object', properties: {} } }))
  return { tools, choice: { type: 'none' } }
}
