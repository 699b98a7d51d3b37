/**
 * generationConfig → canonical settings. candidateCount > 1 is refused: the bridge answers one
 * candidate. thinkingConfig → reasoning (budget 0 = off, -1 = dynamic, thinkingLevel = effort);
 * responseMimeType + responseJsonSchema / responseSchema → responseFormat. Settings no other
 * protocol has (seed, penalties, modalities, includeThoughts…) ride in extensions.gemini.
 * @see ../../../../../shared/protocols/gemini.md §3.1
 * @see ../../../../../shared/protocols/mapping.md §7.3, §10.6
 */
import { BridgeError } from '../../errors.ts'
import type { ChatRequest, ReasoningConfig, ReasoningEffort, ResponseFormat, WarningSink } from '../../model/index.ts'
import { normalizeGeminiSchema } from './normalize-schema.ts'
import { field, optionalArray, optionalNumber, optionalObject, optionalString, readString, type JsonObject } from './read-json.ts'

type Generation = Pick<ChatRequest, 'maxOutputTokens' | 'temperature' | 'topP' | 'topK' | 'stopSequences' | 'reasoning' | 'responseFormat'>

export type DecodedGeneration = { generation: Generation; includeThoughts?: boolean; rest: JsonObject }

const MAPPED = new Set([
  'maxOutputTokens', 'temperature', 'topP', 'topK', 'stopSequences', 'candidateCount',
  'responseMimeType', 'responseSchema', 'responseJsonSchema', 'thinkingConfig',
])

const LEVELS: Record<string, ReasoningEffort> = { MINIMAL: 'minimal', LOW: 'low', MEDIUM: 'medium', HIGH: 'high', XHIGH: 'xhigh' }

export function decodeGeneration(value: unknown, warnings: WarningSink): DecodedGeneration {
  const config = optionalObject(value, 'generationConfig') ?? {}
  const read = (name: string): number | undefined => optionalNumber(field(config, name), `generationConfig.${name}`)
  const candidates = read('candidateCount')
  if (candidates !== undefined && candidates > 1) {
    throw BridgeError.invalidRequest('generationConfig.candidateCount: the bridge answers one candidate; send 1 or omit it')
  }
  const generation: Generation = {}
  const numbers = { maxOutputTokens: read('maxOutputTokens'), temperature: read('temperature'), topP: read('topP'), topK: read('topK') }
  for (const [name, number] of Object.entries(numbers)) if (number !== undefined) generation[name as keyof typeof numbers] = number
  const stops = field(config, 'stopSequences')
  if (stops !== undefined && stops !== null) {
    generation.stopSequences = optionalArray(stops, 'generationConfig.stopSequences').map((stop, index) => readString(stop, `generationConfig.stopSequences[${index}]`))
  }
  const thinking = optionalObject(field(config, 'thinkingConfig'), 'generationConfig.thinkingConfig')
  const reasoning = thinking && decodeThinking(thinking)
  if (reasoning !== undefined) generation.reasoning = reasoning
  const responseFormat = decodeResponseFormat(config, warnings)
  if (responseFormat !== undefined) generation.responseFormat = responseFormat
  const rest = Object.fromEntries(Object.entries(config).filter(([key]) => !MAPPED.has(toCamel(key))))
  const decoded: DecodedGeneration = { generation, rest }
  const includeThoughts = thinking && field(thinking, 'includeThoughts')
  if (typeof includeThoughts === 'boolean') decoded.includeThoughts = includeThoughts
  return decoded
}

function decodeThinking(thinking: JsonObject): ReasoningConfig | undefined {
  const level = optionalString(field(thinking, 'thinkingLevel'), 'generationConfig.thinkingConfig.thinkingLevel')
  const effort = level === undefined ? undefined : LEVELS[level.toUpperCase()]
  if (effort !== undefined) return { enabled: true, effort }
  const budget = optionalNumber(field(thinking, 'thinkingBudget'), 'generationConfig.thinkingConfig.thinkingBudget')
  if (budget === undefined) return undefined
  if (budget === 0) return { enabled: false }
  // -1 is "dynamic": thinking on, the model picks the budget.
  return budget < 0 ? { enabled: true } : { enabled: true, budgetTokens: budget }
}

function decodeResponseFormat(config: JsonObject, warnings: WarningSink): ResponseFormat | undefined {
  const mimeType = optionalString(field(config, 'responseMimeType'), 'generationConfig.responseMimeType')
  if (mimeType === undefined || mimeType === 'text/plain') return undefined
  if (mimeType !== 'application/json') {
    warnings.add('dropped-field', `responseMimeType ${mimeType} has no equivalent outside Gemini`, 'generationConfig.responseMimeType')
    return undefined
  }
  const jsonSchema = optionalObject(field(config, 'responseJsonSchema'), 'generationConfig.responseJsonSchema')
  // Gemini takes its upper-case types in a JSON Schema too (Gemini CLI sends `"type":"OBJECT"`).
  if (jsonSchema) return { type: 'json-schema', name: 'response', schema: normalizeGeminiSchema(jsonSchema, new Set()) }
  const openApi = optionalObject(field(config, 'responseSchema'), 'generationConfig.responseSchema')
  if (!openApi) return { type: 'json-object' }
  return { type: 'json-schema', name: 'response', schema: normalizeGeminiSchema(openApi, new Set()) }
}

function toCamel(key: string): string {
  return key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase())
}
