/**
 * Canonical tools and tool_choice → Responses, for a Responses upstream. Function tools are flat
 * and carry `strict` explicitly (Responses defaults it to true, and strict mode rejects most
 * client schemas). A Responses client's custom tools go out as the custom tools they were; its
 * built-in tools go out as they came, and any other protocol's built-in tools are removed.
 * @see ../../../../../shared/protocols/openai-responses.md §4
 */
import type { ChatRequest, WarningSink } from '../../model/index.ts'
import { isObject } from '../openai/narrow.ts'
import type { ToolOrigins } from './tool-origins.ts'
import type { WireFunctionTool, WireToolChoice } from './wire.ts'

export function encodeTools(request: ChatRequest, origins: ToolOrigins, warnings: WarningSink): Array<WireFunctionTool | Record<string, unknown>> {
  const extension = request.extensions?.['openai-responses'] ?? {}
  const strict = isObject(extension.tool_strict) ? extension.tool_strict : {}
  const tools: Array<WireFunctionTool | Record<string, unknown>> = request.tools.map((tool) => {
    if (tool.cacheControl !== undefined) warnings.add('dropped-field', 'cache_control is not part of the Responses API; it was removed', 'cache_control')
    const custom = origins.customDefinition(tool.name)
    if (custom !== undefined) return { ...custom, name: tool.name }
    const wire: WireFunctionTool = { type: 'function', name: tool.name, parameters: tool.inputSchema, strict: strict[tool.name] === true }
    if (tool.description !== undefined) wire.description = tool.description
    return wire
  })
  for (const builtin of request.builtinTools ?? []) {
    if (builtin.protocol === 'openai-responses') tools.push(builtin.definition)
    else warnings.add('builtin-tool-removed', `The ${builtin.protocol} built-in tool ${builtin.type} has no Responses equivalent; it was removed`, `tools (${builtin.type})`)
  }
  return tools
}

export function encodeToolChoice(request: ChatRequest, origins: ToolOrigins, toolCount: number): WireToolChoice | undefined {
  const raw = request.extensions?.['openai-responses']?.tool_choice_raw
  if (isObject(raw) && toolCount > 0) return raw
  const choice = request.toolChoice
  if (choice === undefined) return undefined
  if (typeof choice === 'string') return toolCount === 0 && choice !== 'none' ? undefined : choice
  return { type: origins.isCustom(choice.name) ? 'custom' : 'function', name: choice.name }
}
