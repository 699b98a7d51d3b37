/**
 * Provider built-in tools (Anthropic server tools, Responses web_search, Gemini googleSearch)
 * have no canonical form: a target keeps the ones its own protocol's clients sent and removes
 * the others, each with a 'builtin-tool-removed' warning (LESSONS #16, #25): never sent raw to a
 * target that would reject them, never dropped silently.
 */
import type { ChatRequest, ProtocolId, WarningSink } from '../model/index.ts'

export const BUILTIN_TOOL_REMOVED = 'builtin-tool-removed'

/** The definitions `protocol` takes back as they came; a warning for each one removed. */
export function builtinToolsFor(request: ChatRequest, protocol: ProtocolId, warnings: WarningSink): Array<Record<string, unknown>> {
  const kept: Array<Record<string, unknown>> = []
  for (const tool of request.builtinTools ?? []) {
    if (tool.protocol === protocol) kept.push(tool.definition)
    else warnings.add(BUILTIN_TOOL_REMOVED, `the built-in tool ${tool.type} only runs on ${tool.protocol} upstreams`, tool.type)
  }
  return kept
}
