/**
 * Gemini tools and toolConfig → canonical. `functionDeclarations` become tools (their OpenAPI-style
 * `parameters` normalised to JSON Schema; `parametersJsonSchema` taken as it is); every other tool
 * (googleSearch, codeExecution, urlContext, …) is a Gemini built-in, kept for a Gemini target only.
 * @see ../../../../../shared/protocols/gemini.md §6
 * @see ../../../../../shared/protocols/mapping.md §10.6
 */
import type { BuiltinTool, ToolChoice, ToolDefinition, WarningSink } from '../../model/index.ts'
import { normalizeGeminiSchema } from './normalize-schema.ts'
import { field, optionalArray, optionalObject, optionalString, readObject, readString } from './read-json.ts'

export type DecodedTools = { tools: ToolDefinition[]; builtinTools: BuiltinTool[] }

export function decodeTools(value: unknown, warnings: WarningSink): DecodedTools {
  const decoded: DecodedTools = { tools: [], builtinTools: [] }
  const dropped = new Set<string>()
  optionalArray(value, 'tools').forEach((item, index) => {
    const path = `tools[${index}]`
    for (const [key, definition] of Object.entries(readObject(item, path))) {
      if (key !== 'functionDeclarations' && key !== 'function_declarations') {
        decoded.builtinTools.push({ protocol: 'gemini', type: key, definition: { [key]: definition } })
        continue
      }
      optionalArray(definition, `${path}.functionDeclarations`).forEach((declaration, position) => {
        decoded.tools.push(decodeDeclaration(declaration, `${path}.functionDeclarations[${position}]`, dropped))
      })
    }
  })
  if (dropped.size > 0) {
    warnings.add('normalized-tool-schema', `Gemini-only schema keywords removed: ${[...dropped].join(', ')}`, 'tools')
  }
  return decoded
}

function decodeDeclaration(value: unknown, path: string, dropped: Set<string>): ToolDefinition {
  const declaration = readObject(value, path)
  const jsonSchema = optionalObject(field(declaration, 'parametersJsonSchema'), `${path}.parametersJsonSchema`)
  const openApi = optionalObject(declaration.parameters, `${path}.parameters`)
  const inputSchema = jsonSchema ?? (openApi ? normalizeGeminiSchema(openApi, dropped) : { type: 'object', properties: {} })
  const tool: ToolDefinition = { name: readString(declaration.name, `${path}.name`), inputSchema }
  const description = optionalString(declaration.description, `${path}.description`)
  if (description !== undefined) tool.description = description
  return tool
}

/**
 * functionCallingConfig → toolChoice: ANY with one allowed name forces that tool; ANY with several
 * cannot be said canonically (required, with a warning); VALIDATED is AUTO with checked calls.
 */
export function decodeToolConfig(value: unknown, warnings: WarningSink): ToolChoice | undefined {
  const config = optionalObject(value, 'toolConfig')
  const calling = config && optionalObject(field(config, 'functionCallingConfig'), 'toolConfig.functionCallingConfig')
  if (!calling) return undefined
  const mode = optionalString(calling.mode, 'toolConfig.functionCallingConfig.mode')
  const names = optionalArray(field(calling, 'allowedFunctionNames'), 'toolConfig.functionCallingConfig.allowedFunctionNames')
    .map((name, index) => readString(name, `toolConfig.functionCallingConfig.allowedFunctionNames[${index}]`))
  if (mode === 'NONE') return 'none'
  if (mode === 'ANY') {
    if (names.length === 1) return { name: names[0]! }
    if (names.length > 1) warnings.add('approximated-tool-choice', 'ANY restricted to several functions sent as "any tool"', 'toolConfig.functionCallingConfig.allowedFunctionNames')
    return 'required'
  }
  if (mode === 'AUTO' || mode === 'VALIDATED') {
    if (names.length > 0) warnings.add('dropped-field', 'allowedFunctionNames only restricts mode ANY elsewhere', 'toolConfig.functionCallingConfig.allowedFunctionNames')
    return 'auto'
  }
  return undefined
}
