/**
 * Canonical tools and tool choice → Bedrock toolConfig. Converse has no `none` choice and
 * rejects a history with tool blocks when toolConfig is absent, so: `none` omits the choice and,
 * when the history has no tool blocks, the tools too; a history with tool blocks and no tools
 * gets minimal definitions of the tools it called.
 * @see ../../../../../shared/protocols/bedrock-converse.md §3.2
 */
import type { ChatRequest } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { cachePointOf } from './encode-content.ts'
import type { WireTool, WireToolChoice } from './wire.ts'

type ToolConfig = { tools: WireTool[]; toolChoice?: WireToolChoice }

function encodeTools(request: ChatRequest, context: EncodeContext): WireTool[] {
  const tools: WireTool[] = []
  for (const tool of request.tools) {
    // Bedrock, like Anthropic, wants an object schema; OpenAI clients may send {} for no parameters.
    const json = tool.inputSchema.type === undefined ? { type: 'object', properties: {}, ...tool.inputSchema } : tool.inputSchema
    const spec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } } = { name: tool.name, inputSchema: { json } }
    if (tool.description !== undefined && tool.description !== '') spec.description = tool.description
    tools.push({ toolSpec: spec }, ...cachePointOf(tool.cacheControl))
  }
  for (const builtin of request.builtinTools ?? []) {
    if (builtin.protocol === 'bedrock') tools.push(builtin.definition)
    else context.warnings.add('builtin-tool-removed', `${builtin.protocol} built-in tool ${builtin.type} does not exist on Bedrock`, `tools (${builtin.type})`)
  }
  return tools
}

function encodeToolChoice(request: ChatRequest, thinkingOn: boolean, context: EncodeContext): WireToolChoice | undefined {
  const wanted = request.toolChoice
  if (wanted === undefined || wanted === 'none') return undefined
  if (wanted === 'auto') return { auto: {} }
  if (thinkingOn) {
    context.warnings.add('changed-tool-choice', 'a forced tool choice is incompatible with thinking; sent auto', 'toolChoice')
    return { auto: {} }
  }
  return wanted === 'required' ? { any: {} } : { tool: { name: wanted.name } }
}

export function encodeToolConfig(
  request: ChatRequest,
  history: { hasToolBlocks: boolean; names: string[] },
  thinkingOn: boolean,
  context: EncodeContext,
): ToolConfig | undefined {
  if (request.parallelToolCalls === false && request.tools.length > 0) {
    context.warnings.add('dropped-field', 'Converse has no switch for parallel tool calls', 'parallel_tool_calls')
  }
  if (request.toolChoice === 'none') {
    if (!history.hasToolBlocks) {
      if (request.tools.length > 0) context.warnings.add('approximated-field', 'tool choice none sent as no tools', 'toolChoice')
      return undefined
    }
    context.warnings.add('approximated-field', 'Converse has no tool choice none and needs the tools of a history with tool calls; sent auto', 'toolChoice')
  }
  let tools = encodeTools(request, context)
  if (!tools.some((tool) => 'toolSpec' in tool) && history.hasToolBlocks) {
    context.warnings.add('added-tool-definitions', 'Converse needs toolConfig for a history with tool calls; the called tools were declared', 'toolConfig')
    const names = history.names.length > 0 ? history.names : ['tool']
    tools = [...names.map((name): WireTool => ({ toolSpec: { name, inputSchema: { json: { type: 'object', properties: {} } } } })), ...tools]
  }
  if (tools.length === 0) return undefined
  const toolChoice = encodeToolChoice(request, thinkingOn, context)
  return toolChoice === undefined ? { tools } : { tools, toolChoice }
}
