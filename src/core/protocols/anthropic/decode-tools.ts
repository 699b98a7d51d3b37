/**
 * Anthropic tools and tool_choice → canonical. Server tools (web_search_*, bash_*, text_editor_*,
 * computer_*, …) only run at Anthropic: they become built-in tools, which an Anthropic target
 * re-encodes and every other target removes with a warning (LESSONS #16).
 * @see ../../../../../shared/protocols/anthropic-messages.md §7
 */
import type { BuiltinTool, ToolChoice, ToolDefinition, WarningSink } from '../../model/index.ts'
import { decodeCacheControl } from './decode-content.ts'
import { optionalBoolean, optionalString, readArray, readObject, readOneOf, readString } from '../read-json.ts'

export type DecodedTools = { tools: ToolDefinition[]; builtinTools: BuiltinTool[] }

export function decodeTools(value: unknown, warnings: WarningSink): DecodedTools {
  const decoded: DecodedTools = { tools: [], builtinTools: [] }
  if (value === undefined || value === null) return decoded
  readArray(value, 'tools').forEach((item, index) => {
    const path = `tools[${index}]`
    const tool = readObject(item, path)
    const type = optionalString(tool.type, `${path}.type`)
    if (type !== undefined && type !== 'custom') {
      decoded.builtinTools.push({ protocol: 'anthropic', type, definition: tool })
      return
    }
    const definition: ToolDefinition = {
      name: readString(tool.name, `${path}.name`),
      inputSchema: readObject(tool.input_schema, `${path}.input_schema`),
    }
    // Deferred tools (Claude Code's tool search) stay callable: once the client's ToolSearch has
    // shown the model a schema, the model calls the tool, so it must be in the target's list.
    if (tool.defer_loading === true) {
      warnings.add('approximated-field', 'defer_loading has no equivalent outside Anthropic; the tool is offered up-front', `${path}.defer_loading`)
    }
    const description = optionalString(tool.description, `${path}.description`)
    if (description !== undefined) definition.description = description
    const cacheControl = decodeCacheControl(tool.cache_control, `${path}.cache_control`)
    if (cacheControl) definition.cacheControl = cacheControl
    decoded.tools.push(definition)
  })
  return decoded
}

export type DecodedToolChoice = { toolChoice?: ToolChoice; parallelToolCalls?: boolean }

export function decodeToolChoice(value: unknown): DecodedToolChoice {
  if (value === undefined || value === null) return {}
  const choice = readObject(value, 'tool_choice')
  const type = readOneOf(choice.type, ['auto', 'any', 'tool', 'none'], 'tool_choice.type')
  const decoded: DecodedToolChoice = {}
  if (type === 'auto') decoded.toolChoice = 'auto'
  else if (type === 'any') decoded.toolChoice = 'required'
  else if (type === 'none') decoded.toolChoice = 'none'
  else decoded.toolChoice = { name: readString(choice.name, 'tool_choice.name') }
  if (optionalBoolean(choice.disable_parallel_tool_use, 'tool_choice.disable_parallel_tool_use') === true) {
    decoded.parallelToolCalls = false
  }
  return decoded
}
