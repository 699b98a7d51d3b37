/**
 * Canonical tools → Gemini `tools` + `toolConfig`. All declarations go in ONE functionDeclarations
 * tool (gemini.md §6); their schemas are sanitised for Gemini's `parameters` subset with one
 * warning naming every removed keyword; a tool without parameters omits `parameters` (Gemini
 * rejects an OBJECT with empty properties). Gemini built-in tools are restored; other providers'
 * built-ins are removed with 'builtin-tool-removed'.
 * @see ../../../../../shared/protocols/gemini.md §6
 * @see ../../../../../shared/protocols/mapping.md §10.1
 */
import type { ChatRequest } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { isObject } from './read-json.ts'
import { sanitizeSchemaForGemini } from './sanitize-schema.ts'
import type { WireFunctionDeclaration, WireTool, WireToolConfig } from './wire.ts'

export function encodeTools(request: ChatRequest, context: EncodeContext): WireTool[] | undefined {
  const tools: WireTool[] = []
  const removed = new Set<string>()
  const declarations = request.tools.map((tool): WireFunctionDeclaration => {
    const declaration: WireFunctionDeclaration = { name: tool.name }
    if (tool.description !== undefined) declaration.description = tool.description
    const parameters = sanitizeSchemaForGemini(tool.inputSchema, removed)
    if (isObject(parameters.properties)) declaration.parameters = parameters
    return declaration
  })
  if (removed.size > 0) {
    context.warnings.add('sanitized-tool-schema', `JSON Schema keywords Gemini rejects were removed: ${[...removed].sort().join(', ')}`, 'tools')
  }
  if (declarations.length > 0) tools.push({ functionDeclarations: declarations })
  for (const builtin of request.builtinTools ?? []) {
    if (builtin.protocol === 'gemini') tools.push(builtin.definition)
    else context.warnings.add('builtin-tool-removed', `${builtin.protocol} built-in tool ${builtin.type} has no Gemini equivalent`, builtin.type)
  }
  return tools.length > 0 ? tools : undefined
}

export function encodeToolConfig(request: ChatRequest, context: EncodeContext): WireToolConfig | undefined {
  if (request.parallelToolCalls === false && request.tools.length > 0) {
    context.warnings.add('dropped-field', 'Gemini has no switch to disable parallel function calls', 'parallel_tool_calls')
  }
  const choice = request.toolChoice
  if (choice === undefined || request.tools.length === 0) return undefined
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } }
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } }
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } }
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } }
}
