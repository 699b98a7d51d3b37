/**
 * Turns TypeBox's first validation error into one sentence naming the field and what was
 * expected ("target.auth.type: expected one of bearer, x-api-key, azure, aws, none"), instead of
 * TypeBox's "Expected union value" or Elysia's default validation body.
 */
import { Kind, type TSchema } from '@sinclair/typebox'
import { ValueErrorType } from '@sinclair/typebox/errors'
import { Value } from '@sinclair/typebox/value'
import { isObject } from '../core/json-object.ts'

/** A JSON pointer to the field (`/target/auth/type`, '' for the whole value) and what is wrong with it. */
export type ValidationProblem = { path: string; problem: string }

/** undefined when the value is valid. */
export function describeValidationError(schema: TSchema, value: unknown, basePath = ''): string | undefined {
  const found = describeValidationProblem(schema, value, basePath)
  return found === undefined ? undefined : `${fieldName(found.path)}: ${found.problem}`
}

/** The first problem, for callers that name the field their own way (query and path parameters). */
export function describeValidationProblem(schema: TSchema, value: unknown, basePath = ''): ValidationProblem | undefined {
  const first = Value.Errors(schema, value).First()
  if (first === undefined) return undefined
  const path = basePath + first.path
  switch (first.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return { path, problem: 'unknown field' }
    case ValueErrorType.ObjectRequiredProperty:
      return { path, problem: `required, expected ${describeExpected(first.schema)}` }
    case ValueErrorType.Union:
      return describeUnionError(first.schema, first.value, path)
    default:
      return { path, problem: `expected ${describeExpected(first.schema)}` }
  }
}

/**
 * Tagged unions (auth by `type`, the generate-url body by `version`) are explained through their
 * tag, then the matching member's own errors. The tag is the property that is a literal in the
 * most members; a member without it (the key-only auth) is the fallback.
 */
function describeUnionError(schema: TSchema, value: unknown, path: string): ValidationProblem {
  const members = flattenUnion(schema)
  const key = tagKeyOf(members)
  if (key === undefined || !isObject(value)) return { path, problem: `expected ${describeExpected(schema)}` }
  const tagged = members.flatMap((member) => {
    const tag = literalOf(member.properties?.[key])
    return tag === undefined ? [] : [{ tag, member }]
  })
  const tags = describeChoice(tagged.map((entry) => String(entry.tag)))
  if (key in value) {
    const match = tagged.find((entry) => entry.tag === value[key])
    if (match === undefined) return { path: `${path}/${key}`, problem: `expected ${tags}` }
    return describeValidationProblem(match.member, value, path) ?? { path, problem: `expected ${describeExpected(schema)}` }
  }
  const untagged = members.find((member) => member.properties?.[key] === undefined)
  if (untagged !== undefined) return describeValidationProblem(untagged, value, path) ?? { path, problem: 'invalid' }
  return { path: `${path}/${key}`, problem: `required, expected ${tags}` }
}

function tagKeyOf(members: TSchema[]): string | undefined {
  const counts = new Map<string, number>()
  for (const member of members) {
    for (const [name, property] of Object.entries<TSchema>(member.properties ?? {})) {
      if (literalOf(property) !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1)
    }
  }
  let best: string | undefined
  for (const [name, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = name
  return best
}

/** "1 or 2"; "one of bearer, x-api-key, none". */
function describeChoice(values: string[]): string {
  return values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`
}

function flattenUnion(schema: TSchema): TSchema[] {
  const members: TSchema[] = Array.isArray(schema.anyOf) ? schema.anyOf : [schema]
  return members.flatMap((member) => (Array.isArray(member.anyOf) ? flattenUnion(member) : [member]))
}

function literalOf(schema: TSchema | undefined): string | number | undefined {
  if (schema === undefined || schema[Kind] !== 'Literal') return undefined
  return typeof schema.const === 'string' || typeof schema.const === 'number' ? schema.const : undefined
}

export function describeExpected(schema: TSchema): string {
  if (typeof schema.expected === 'string') return schema.expected
  switch (schema[Kind]) {
    case 'Literal':
      return JSON.stringify(schema.const)
    case 'Union': {
      const members = flattenUnion(schema)
      const consts = members.map((member) => (member[Kind] === 'Literal' ? String(member.const) : undefined))
      if (consts.every((value) => value !== undefined)) return `one of ${consts.join(', ')}`
      return [...new Set(members.map(describeExpected))].join(' or ')
    }
    case 'String':
      if (typeof schema.maxLength === 'number') return `a string of ${schema.minLength ?? 0} to ${schema.maxLength} characters`
      return schema.minLength === 1 ? 'a non-empty string' : 'a string'
    case 'Integer':
      return `an integer${describeRange(schema)}`
    case 'Number':
      return `a number${describeRange(schema)}`
    case 'Boolean':
      return 'true or false'
    case 'Record':
      return 'an object of names to strings'
    case 'Object':
      return 'an object'
    case 'Array':
      return 'an array'
    default:
      return 'a valid value'
  }
}

function describeRange(schema: TSchema): string {
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`
  if (min !== undefined) return ` of at least ${min}`
  if (max !== undefined) return ` of at most ${max}`
  return ''
}

/** JSON pointer → `target.auth.type`, `messages[0]`, `model.map["claude-*"]`; the root is `body`. */
export function fieldName(pointer: string): string {
  if (pointer === '') return 'body'
  let name = ''
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (/^\d+$/.test(segment)) name += `[${segment}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) name += name === '' ? segment : `.${segment}`
    else name += `[${JSON.stringify(segment)}]`
  }
  return name
}
