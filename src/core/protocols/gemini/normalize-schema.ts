/**
 * Gemini's OpenAPI-style Schema (tools' `parameters`, `responseSchema`) → standard JSON Schema, for
 * targets that reject Gemini's dialect (BerriAI/litellm#12191): upper-case types (`OBJECT`,
 * `STRING`) become lower-case, `nullable` becomes a `null` type, int64 counts sent as strings
 * (`"maxItems": "5"`) become numbers, `example` becomes `examples`, and the Gemini-only
 * `propertyOrdering` is dropped (the caller is told which keywords went).
 * @see ../../../../../shared/protocols/gemini.md §3.1, §6
 */
import { isObject, type JsonObject } from './read-json.ts'

const COUNT_KEYWORDS = new Set(['minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties'])
const SCHEMA_MAP_KEYWORDS = new Set(['properties', '$defs', 'definitions', 'patternProperties'])
const SCHEMA_LIST_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems'])
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not'])

export function normalizeGeminiSchema(schema: JsonObject, dropped: Set<string>): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type') {
      if (typeof value !== 'string') out.type = value
      else if (value.toUpperCase() !== 'TYPE_UNSPECIFIED') out.type = value.toLowerCase()
    } else if (key === 'nullable' || key === 'propertyOrdering') {
      if (key === 'propertyOrdering') dropped.add(key)
    } else if (key === 'example') out.examples = [value]
    else if (COUNT_KEYWORDS.has(key) && typeof value === 'string' && /^\d+$/.test(value)) out[key] = Number(value)
    else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) out[key] = mapValues(value, dropped)
    else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map((item) => (isObject(item) ? normalizeGeminiSchema(item, dropped) : item))
    } else if (SCHEMA_KEYWORDS.has(key) && isObject(value)) out[key] = normalizeGeminiSchema(value, dropped)
    else out[key] = value
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null']
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null']
  }
  return out
}

function mapValues(schemas: JsonObject, dropped: Set<string>): JsonObject {
  const out: JsonObject = {}
  for (const [name, schema] of Object.entries(schemas)) out[name] = isObject(schema) ? normalizeGeminiSchema(schema, dropped) : schema
  return out
}
