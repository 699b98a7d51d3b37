/**
 * A compaction the target cannot do itself (Codex's POST /v1/responses/compact, LESSONS #26) is
 * emulated by asking the target model for a summary: the same conversation, tools offered but
 * not callable (histories with tool calls need their definitions at Anthropic), no built-in
 * tools, no reasoning, not streamed, and one last user turn asking for a summary another model can resume from.
 */
import type { ChatRequest, ContentPart } from '../core/model/index.ts'

export const SUMMARY_PROMPT = [
  'Stop here and write a handoff summary of this conversation for another assistant that will continue it with no other context.',
  'Include: the user\'s goal and constraints, what has been done so far (files read or changed, commands run and their outcomes, tool results that matter),',
  'decisions taken and why, open questions, and the next steps. Quote exact names, paths, identifiers and error messages.',
  'Answer with the summary only, as plain text.',
].join(' ')

export function summaryRequest(request: ChatRequest): ChatRequest {
  const { reasoning: _reasoning, responseFormat: _format, builtinTools: _builtins, ...rest } = request
  const ask: ContentPart = { type: 'text', text: SUMMARY_PROMPT }
  const messages = [...request.messages]
  const last = messages.at(-1)
  // A conversation ending on the user's side gets the question in that turn (roles must alternate).
  if (last?.role === 'user') messages[messages.length - 1] = { ...last, content: [...last.content, ask] }
  else messages.push({ role: 'user', content: [ask] })
  const summary: ChatRequest = { ...rest, messages, stream: false, toolChoice: 'none' }
  if (request.tools.length === 0) delete summary.toolChoice
  return summary
}
