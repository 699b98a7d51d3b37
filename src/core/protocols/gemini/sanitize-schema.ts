/**
 * JSON Schema → the Schema subset Gemini's `parameters` accepts. Gemini answers 400 "Invalid JSON
 * payload received. Unknown name …" to `$schema`, `additionalProperties`, `propertyNames`,
 * `$ref` and friends (LESSONS #15; CLIProxyAPI#97), so: `$ref` is resolved inline from
 * `$defs`/`definitions`, type lists become `nullable` or `anyOf`, `const` becomes a one-value
 * `enum`, `oneOf` becomes `anyOf`, `allOf` is merged, and every keyword outside the subset is
 * removed. The caller gets the names of what was removed, for one warning.
 * @see ../../../../../shared/protocols/gemini.md §6
 * @see ../../../../../shared/protocols/mapping.md §12 (Gemini as upstream)
 */
import { isObject, type JsonObject } from './read-json.ts'

const KEPT = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'default', 'example',
  'items', 'minItems', 'maxItems', 'properties', 'required', 'minProperties', 'maxProperties',
  'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'anyOf', 'propertyOrdering',
])
/** Formats Gemini takes per type; others answer 400. */
const FORMATS: Record<string, readonly string[]> = {
  string: ['enum', 'date-time'],
  number: ['float', 'double'],
  integer: ['int32', 'int64'],
}
const MAX_DEPTH = 32

type Context = { root: JsonObject; removed: Set<string>; refs: string[]; depth: number }

export function sanitizeSchemaForGemini(schema: JsonObject, removed: Set<string>): JsonObject {
  return sanitize(schema, { root: schema, removed, refs: [], depth: 0 })
}

function sanitize(input: JsonObject, context: Context): JsonObject {
  if (context.depth >= MAX_DEPTH) {
    context.removed.add('schema nested too deep')
    return {}
  }
  context.depth++
  try {
    return typeof input.$ref === 'string' ? sanitizeRef(input, input.$ref, context) : sanitizeObject(mergeAllOf(input, context), context)
  } finally {
    context.depth--
  }
}

function sanitizeObject(schema: JsonObject, context: Context): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type') Object.assign(out, convertType(value))
    else if (key === 'const') convertConst(value, out, context)
    else if (key === 'oneOf' || key === 'anyOf') {
      if (key === 'oneOf') context.removed.add('oneOf (sent as anyOf)')
      if (Array.isArray(value)) out.anyOf = value.filter(isObject).map((item) => sanitize(item, context))
    } else if (key === 'properties' && isObject(value)) {
      const properties: JsonObject = {}
      for (const [name, property] of Object.entries(value)) if (isObject(property)) properties[name] = sanitize(property, context)
      if (Object.keys(properties).length > 0) out.properties = properties
    } else if (key === 'items' && isObject(value)) out.items = sanitize(value, context)
    else if (key === '$defs' || key === 'definitions') continue
    else if (KEPT.has(key)) out[key] = value
    else context.removed.add(key)
  }
  collapseNullAnyOf(out)
  keepValidEnum(out, context)
  keepValidFormat(out, context)
  if (Array.isArray(out.required)) {
    const names = isObject(out.properties) ? Object.keys(out.properties) : []
    const required = out.required.filter((name) => typeof name === 'string' && names.includes(name))
    if (required.length > 0) out.required = required
    else delete out.required
  }
  return out
}

/**
 * `#/$defs/X` and `#/definitions/X` resolved from the root, sibling keywords kept; a reference
 * back to a schema being resolved (a recursive type) ends in an open object.
 */
function sanitizeRef(schema: JsonObject, ref: string, context: Context): JsonObject {
  const { $ref: _ref, ...siblings } = schema
  const target = resolveTarget(ref, context)
  if (target === undefined || context.refs.includes(ref)) {
    context.removed.add(target === undefined ? '$ref (unresolvable)' : '$ref (recursive)')
    return sanitizeObject({ type: 'object', ...siblings }, context)
  }
  context.refs.push(ref)
  try {
    return sanitize({ ...target, ...siblings }, context)
  } finally {
    context.refs.pop()
  }
}

function resolveTarget(ref: string, context: Context): JsonObject | undefined {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref)
  return match ? lookup(context.root, match[1]!, decodePointer(match[2]!)) : undefined
}

function lookup(root: JsonObject, section: string, name: string): JsonObject | undefined {
  const definitions = root[section]
  const target = isObject(definitions) ? definitions[name] : undefined
  return isObject(target) ? target : undefined
}

function decodePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~')
}

function mergeAllOf(schema: JsonObject, context: Context): JsonObject {
  if (!Array.isArray(schema.allOf)) return schema
  const { allOf, ...rest } = schema
  const merged: JsonObject = { ...rest }
  const properties: JsonObject = isObject(rest.properties) ? { ...rest.properties } : {}
  const required = new Set<unknown>(Array.isArray(rest.required) ? rest.required : [])
  for (const item of allOf) {
    if (!isObject(item)) continue
    const target = typeof item.$ref === 'string' && !context.refs.includes(item.$ref) ? resolveTarget(item.$ref, context) : undefined
    const { $ref: _ref, ...siblings } = item
    const part = target === undefined ? item : { ...target, ...siblings }
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' && isObject(value)) Object.assign(properties, value)
      else if (key === 'required' && Array.isArray(value)) for (const name of value) required.add(name)
      else if (!(key in merged)) merged[key] = value
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties
  if (required.size > 0) merged.required = [...required]
  if (allOf.length > 1) context.removed.add('allOf (merged)')
  return merged
}

function convertType(value: unknown): JsonObject {
  if (typeof value === 'string') return { type: value.toLowerCase() }
  if (!Array.isArray(value)) return {}
  const types = value.filter((item): item is string => typeof item === 'string' && item !== 'null')
  const nullable = value.includes('null') ? { nullable: true } : {}
  if (types.length === 1) return { type: types[0]!.toLowerCase(), ...nullable }
  if (types.length === 0) return nullable
  return { anyOf: types.map((type) => ({ type: type.toLowerCase() })), ...nullable }
}

function convertConst(value: unknown, out: JsonObject, context: Context): void {
  if (typeof value === 'string') out.enum = [value]
  else context.removed.add('const')
}

/** `anyOf: [X, {type: null}]` is how JSON Schema says "nullable X". */
function collapseNullAnyOf(out: JsonObject): void {
  if (!Array.isArray(out.anyOf)) return
  const variants = out.anyOf as JsonObject[]
  const others = variants.filter((variant) => variant.type !== 'null')
  if (others.length === variants.length) return
  out.nullable = true
  if (others.length === 1) {
    delete out.anyOf
    for (const [key, value] of Object.entries(others[0]!)) if (!(key in out)) out[key] = value
  } else out.anyOf = others
}

function keepValidEnum(out: JsonObject, context: Context): void {
  if (out.enum === undefined) return
  if (Array.isArray(out.enum) && out.enum.every((item) => typeof item === 'string')) {
    if (out.type === undefined) out.type = 'string'
    return
  }
  delete out.enum
  context.removed.add('enum (non-string values)')
}

function keepValidFormat(out: JsonObject, context: Context): void {
  if (out.format === undefined) return
  const allowed = typeof out.type === 'string' ? FORMATS[out.type] : undefined
  if (allowed !== undefined && typeof out.format === 'string' && allowed.includes(out.format)) return
  delete out.format
  context.removed.add('format')
}
