/**
 * OpenAI tools, legacy functions, tool_choice and response_format → canonical.
 * @see ../../../../../shared/protocols/openai-chat.md §5, §6
 */
import { BridgeError } from '../../errors.ts'
import type { ResponseFormat, ToolChoice, ToolDefinition, WarningSink } from '../../model/index.ts'
import { arrayOf, isObject, optionalString, type JsonObject } from './narrow.ts'

const EMPTY_SCHEMA = { type: 'object', properties: {} }

export type DecodedTools = { definitions: ToolDefinition[]; strict?: Record<string, boolean> }

export function decodeTools(body: JsonObject, warnings: WarningSink): DecodedTools {
  const definitions: ToolDefinition[] = []
  const strict: Record<string, boolean> = {}
  if (body.tools !== undefined && body.tools !== null && !Array.isArray(body.tools)) throw BridgeError.invalidRequest('tools must be an array')
  arrayOf(body.tools).forEach((tool, position) => {
    const field = `tools[${position}]`
    if (!isObject(tool)) throw BridgeError.invalidRequest(`${field} must be an object`)
    if (tool.type !== 'function') {
      warnings.add('dropped-tool', `Tool type ${JSON.stringify(tool.type)} has no equivalent and was dropped`, field)
      return
    }
    if (!isObject(tool.function)) throw BridgeError.invalidRequest(`${field}.function must be an object`)
    definitions.push(toDefinition(tool.function, `${field}.function`))
    if (typeof tool.function.strict === 'boolean') strict[String(tool.function.name)] = tool.function.strict
  })
  arrayOf(body.functions).forEach((fn, position) => {
    if (!isObject(fn)) throw BridgeError.invalidRequest(`functions[${position}] must be an object`)
    warnings.add('deprecated-field', 'Legacy functions were converted to tools', 'functions')
    definitions.push(toDefinition(fn, `functions[${position}]`))
  })
  return Object.keys(strict).length > 0 ? { definitions, strict } : { definitions }
}

function toDefinition(fn: JsonObject, field: string): ToolDefinition {
  if (typeof fn.name !== 'string' || fn.name === '') throw BridgeError.invalidRequest(`${field}.name must be a non-empty string`)
  if (fn.parameters !== undefined && fn.parameters !== null && !isObject(fn.parameters)) {
    throw BridgeError.invalidRequest(`${field}.parameters must be a JSON Schema object`)
  }
  const definition: ToolDefinition = { name: fn.name, inputSchema: isObject(fn.parameters) ? fn.parameters : { ...EMPTY_SCHEMA } }
  const description = optionalString(fn.description)
  if (description !== undefined) definition.description = description
  return definition
}

export function decodeToolChoice(body: JsonObject, warnings: WarningSink): ToolChoice | undefined {
  const choice = body.tool_choice ?? body.function_call
  if (choice === undefined || choice === null) return undefined
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice
  if (isObject(choice)) {
    if (isObject(choice.function) && typeof choice.function.name === 'string') return { name: choice.function.name }
    // Legacy function_call: {name}
    if (typeof choice.name === 'string') return { name: choice.name }
    if (choice.type === 'allowed_tools' && isObject(choice.allowed_tools)) {
      warnings.add('approximated-field', 'allowed_tools was reduced to its mode; all tools stay available', 'tool_choice.allowed_tools')
      return choice.allowed_tools.mode === 'required' ? 'required' : 'auto'
    }
  }
  throw BridgeError.invalidRequest('tool_choice must be "auto", "none", "required" or {type:"function",function:{name}}')
}

export function decodeResponseFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined
  if (!isObject(value)) throw BridgeError.invalidRequest('response_format must be an object')
  if (value.type === 'text') return { type: 'text' }
  if (value.type === 'json_object') return { type: 'json-object' }
  if (value.type === 'json_schema' && isObject(value.json_schema) && isObject(value.json_schema.schema)) {
    const spec = value.json_schema
    const format: ResponseFormat = { type: 'json-schema', name: optionalString(spec.name) ?? 'output', schema: spec.schema as JsonObject }
    if (typeof spec.strict === 'boolean') format.strict = spec.strict
    if (typeof spec.description === 'string') format.description = spec.description
    return format
  }
  throw BridgeError.invalidRequest('response_format must be {type:"text"}, {type:"json_object"} or {type:"json_schema",json_schema:{name,schema}}')
}
