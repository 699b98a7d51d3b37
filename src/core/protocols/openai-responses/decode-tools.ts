/**
 * Responses tools, tool_choice and text.format → canonical.
 * - `function` → a tool definition (strict flags kept for a same-protocol encode);
 * - `custom` (freeform, e.g. Codex's apply_patch with a Lark grammar) → a function with one
 *   string parameter `input`, the grammar in its description so other models see the format;
 * - `namespace` → its members as top-level functions (tool-origins.ts);
 * - every other type (web_search, tool_search, image_generation, file_search, code_interpreter,
 *   local_shell, shell, apply_patch, mcp, computer…) → a built-in tool that only a Responses
 *   target receives; other targets remove it with a warning.
 * @see ../../../../../shared/protocols/openai-responses.md §4, §5
 */
import { BridgeError } from '../../errors.ts'
import type { BuiltinTool, ResponseFormat, ToolChoice, ToolDefinition, WarningSink } from '../../model/index.ts'
import { isObject, optionalString, type JsonObject } from '../openai/narrow.ts'
import { DEFAULT_NAMESPACE, flatToolName } from './tool-origins.ts'

const EMPTY_SCHEMA = { type: 'object', properties: {} }

export type DecodedTools = {
  definitions: ToolDefinition[]
  builtins: BuiltinTool[]
  strict: Record<string, boolean>
  custom: Record<string, JsonObject>
  namespaced: Record<string, { namespace: string; name: string }>
}

export function emptyTools(): DecodedTools {
  return { definitions: [], builtins: [], strict: {}, custom: {}, namespaced: {} }
}

/** Adds `tools` (top level, or an `additional_tools` input item) to `into`. */
export function decodeTools(raw: unknown, field: string, into: DecodedTools): void {
  if (raw === undefined || raw === null) return
  if (!Array.isArray(raw)) throw BridgeError.invalidRequest(`${field} must be an array`)
  raw.forEach((tool, position) => {
    const where = `${field}[${position}]`
    if (!isObject(tool)) throw BridgeError.invalidRequest(`${where} must be an object`)
    if (tool.type === 'namespace') return decodeNamespace(tool, where, into)
    if (tool.type === 'function' || tool.type === 'custom') return decodeCallable(tool, where, into)
    const type = typeof tool.type === 'string' ? tool.type : 'unknown'
    into.builtins.push({ protocol: 'openai-responses', type, definition: tool })
  })
}

function decodeNamespace(tool: JsonObject, where: string, into: DecodedTools): void {
  const namespace = optionalString(tool.name)
  if (namespace === undefined || namespace === '') throw BridgeError.invalidRequest(`${where}.name must be a non-empty string`)
  if (!Array.isArray(tool.tools)) throw BridgeError.invalidRequest(`${where}.tools must be an array`)
  tool.tools.forEach((member, position) => {
    const field = `${where}.tools[${position}]`
    if (!isObject(member) || (member.type !== 'function' && member.type !== 'custom')) {
      throw BridgeError.invalidRequest(`${field} must be a function or custom tool`)
    }
    decodeCallable(member, field, into, namespace)
  })
}

function decodeCallable(tool: JsonObject, where: string, into: DecodedTools, namespace?: string): void {
  const name = optionalString(tool.name)
  if (name === undefined || name === '') throw BridgeError.invalidRequest(`${where}.name must be a non-empty string`)
  const flat = namespace === undefined ? name : flatToolName(namespace, name)
  if (namespace !== undefined && namespace !== DEFAULT_NAMESPACE) into.namespaced[flat] = { namespace, name }
  const description = optionalString(tool.description)
  if (tool.type === 'custom') {
    into.custom[flat] = tool
    into.definitions.push(withDescription({ name: flat, inputSchema: customInputSchema(tool) }, description))
    return
  }
  if (tool.parameters !== undefined && tool.parameters !== null && !isObject(tool.parameters)) {
    throw BridgeError.invalidRequest(`${where}.parameters must be a JSON Schema object`)
  }
  if (typeof tool.strict === 'boolean') into.strict[flat] = tool.strict
  const inputSchema = isObject(tool.parameters) ? tool.parameters : { ...EMPTY_SCHEMA }
  into.definitions.push(withDescription({ name: flat, inputSchema }, description))
}

function withDescription(definition: ToolDefinition, description: string | undefined): ToolDefinition {
  if (description !== undefined && description !== '') definition.description = description
  return definition
}

/** One string parameter; a grammar or regex the model must follow is spelled out for it. */
function customInputSchema(tool: JsonObject): Record<string, unknown> {
  const format = isObject(tool.format) ? tool.format : {}
  let description = 'The raw input of this freeform tool, as plain text (not JSON).'
  if (format.type === 'grammar' && typeof format.definition === 'string') {
    const syntax = typeof format.syntax === 'string' ? format.syntax : 'lark'
    description += ` It must match this ${syntax} grammar:\n${format.definition}`
  }
  return { type: 'object', properties: { input: { type: 'string', description } }, required: ['input'], additionalProperties: false }
}

export type DecodedToolChoice = { choice?: ToolChoice; raw?: unknown }

/**
 * Every tool_choice form. A choice naming a built-in tool (hosted types, mcp, shell, apply_patch)
 * has no canonical form: it becomes 'required' for a Responses target through `raw`, and 'auto'
 * elsewhere, where the tool is removed.
 */
export function decodeToolChoice(value: unknown, tools: DecodedTools, warnings: WarningSink): DecodedToolChoice {
  if (value === undefined || value === null) return {}
  if (value === 'auto' || value === 'none' || value === 'required') return { choice: value }
  if (!isObject(value)) throw BridgeError.invalidRequest('tool_choice must be "auto", "none", "required" or an object')
  if ((value.type === 'function' || value.type === 'custom') && typeof value.name === 'string') {
    return { choice: { name: canonicalToolName(value.name, tools) } }
  }
  if (value.type === 'allowed_tools') {
    warnings.add('approximated-field', 'allowed_tools was reduced to its mode; all tools stay available', 'tool_choice.allowed_tools')
    return { choice: value.mode === 'required' ? 'required' : 'auto', raw: value }
  }
  if (typeof value.type === 'string') {
    warnings.add('approximated-field', `tool_choice ${value.type} names a built-in tool; other targets get "auto"`, 'tool_choice')
    return { choice: 'auto', raw: value }
  }
  throw BridgeError.invalidRequest('tool_choice object must have a type')
}

/** A forced tool named by its bare name inside a namespace maps to its flattened name. */
function canonicalToolName(name: string, tools: DecodedTools): string {
  if (tools.definitions.some((tool) => tool.name === name)) return name
  const flat = Object.entries(tools.namespaced).find(([, origin]) => origin.name === name)
  return flat === undefined ? name : flat[0]
}

export function decodeTextFormat(text: unknown): ResponseFormat | undefined {
  if (text === undefined || text === null) return undefined
  if (!isObject(text)) throw BridgeError.invalidRequest('text must be an object')
  const format = text.format
  if (format === undefined || format === null) return undefined
  if (!isObject(format)) throw BridgeError.invalidRequest('text.format must be an object')
  if (format.type === 'text') return { type: 'text' }
  if (format.type === 'json_object') return { type: 'json-object' }
  if (format.type === 'json_schema' && isObject(format.schema)) {
    const decoded: ResponseFormat = { type: 'json-schema', name: optionalString(format.name) ?? 'output', schema: format.schema }
    if (typeof format.strict === 'boolean') decoded.strict = format.strict
    if (typeof format.description === 'string') decoded.description = format.description
    return decoded
  }
  throw BridgeError.invalidRequest('text.format must be {type:"text"}, {type:"json_object"} or {type:"json_schema",name,schema}')
}
