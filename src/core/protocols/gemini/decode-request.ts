/**
 * Gemini generateContent request body → canonical ChatRequest. The model and streaming come from
 * the path (route.pathModel, route.pathStream). countTokens bodies are either `{contents}` or
 * `{generateContentRequest: {...}}`; both decode here.
 * Fields no other protocol has (safetySettings, cachedContent, generationConfig extras,
 * includeThoughts) are kept in extensions.gemini, with a warning for each: only another
 * protocol's target ever gets a decoded Gemini request.
 * @see ../../../../../shared/protocols/gemini.md §3-6, §10
 * @see ../../../../../shared/protocols/mapping.md §10.6
 */
import type { ChatRequest, WarningSink } from '../../model/index.ts'
import type { RouteMatch } from '../codec.ts'
import { decodeContents, decodeSystemInstruction } from './decode-contents.ts'
import { decodeGeneration } from './decode-generation.ts'
import { decodeToolConfig, decodeTools } from './decode-tools.ts'
import { field, isObject, optionalString, readObject } from './read-json.ts'

/** Top-level fields this decoder maps; every other field rides in extensions.gemini.fields. */
const KNOWN_FIELDS = new Set(['contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig', 'model', 'safetySettings'])

export function decodeGeminiRequest(body: unknown, route: RouteMatch, warnings: WarningSink): ChatRequest {
  const outer = readObject(body, 'body')
  const wrapped = field(outer, 'generateContentRequest')
  const wire = route.group === 'count_tokens' && isObject(wrapped) ? wrapped : outer
  const tools = decodeTools(wire.tools, warnings)
  const { generation, includeThoughts, rest } = decodeGeneration(field(wire, 'generationConfig'), warnings)
  const request: ChatRequest = {
    model: route.pathModel ?? (optionalString(wire.model, 'model') ?? '').replace(/^models\//, ''),
    system: decodeSystemInstruction(field(wire, 'systemInstruction')),
    messages: decodeContents(wire.contents ?? [], warnings),
    tools: tools.tools,
    ...generation,
    stream: route.group === 'chat' && route.pathStream === true,
  }
  if (tools.builtinTools.length > 0) request.builtinTools = tools.builtinTools
  const toolChoice = decodeToolConfig(field(wire, 'toolConfig'), warnings)
  if (toolChoice !== undefined) request.toolChoice = toolChoice
  const fields = Object.fromEntries(Object.entries(wire).filter(([key]) => !KNOWN_FIELDS.has(toCamel(key))))
  const extension: Record<string, unknown> = {}
  if (Object.keys(fields).length > 0) extension.fields = fields
  if (Object.keys(rest).length > 0) extension.generationConfig = rest
  if (includeThoughts !== undefined) extension.includeThoughts = includeThoughts
  const safetySettings = field(wire, 'safetySettings')
  if (Array.isArray(safetySettings) && safetySettings.length > 0) extension.safetySettings = safetySettings
  if (Object.keys(extension).length > 0) request.extensions = { gemini: extension }
  warnGeminiOnly(extension, warnings)
  return request
}

/**
 * A Gemini request is decoded only on its way to another protocol (Gemini to Gemini passes
 * through), so what only Gemini understands is dropped there: each such setting is a warning.
 */
function warnGeminiOnly(extension: Record<string, unknown>, warnings: WarningSink): void {
  const named = (value: unknown): string[] => (isObject(value) ? Object.keys(value) : [])
  for (const key of named(extension.fields)) warnings.add('dropped-field', `${key} has no equivalent outside Gemini`, key)
  for (const key of named(extension.generationConfig)) warnings.add('dropped-field', `generationConfig.${key} has no equivalent outside Gemini`, `generationConfig.${key}`)
  if (extension.safetySettings !== undefined) warnings.add('dropped-field', 'safetySettings have no equivalent outside Gemini', 'safetySettings')
}

function toCamel(key: string): string {
  return key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase())
}
