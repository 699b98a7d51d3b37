/**
 * Turns TypeBox's first validation error into one sentence naming the field and what was
 * expected ("target.auth.type: expected one of bearer, x-api-key, azure, aws, none"), instead of
 * TypeBox's "Expected union value" or Elysia's default validation body.
 */
import { Kind, type TSchema } from '@sinclair/typebox'
import { ValueErrorType } from '@sinclair/typebox/errors'
import { Value } from '@sinclair/typebox/value'
import { isObject } from '../core/json-object.ts'

/** undefined when the value is valid. */
export function describeValidationError(schema: TSchema, value: unknown, basePath = ''): string | undefined {
  const first = Value.Errors(schema, value).First()
  if (first === undefined) return undefined
  const path = basePath + first.path
  switch (first.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return `${fieldName(path)}: unknown field`
    case ValueErrorType.ObjectRequiredProperty:
      return `${fieldName(path)}: required, expected ${describeExpected(first.schema)}`
    case ValueErrorType.Union:
      return describeUnionError(first.schema, first.value, path)
    default:
      return `${fieldName(path)}: expected ${describeExpected(first.schema)}`
  }
}

/** Discriminated unions (auth) are explained through their `type` member, then that member's own errors. */
function describeUnionError(schema: TSchema, value: unknown, path: string): string {
  const members = flattenUnion(schema)
  const tagged = members.flatMap((member) => {
    const tag = literalOf(member.properties?.type)
    return tag === undefined ? [] : [{ tag, member }]
  })
  if (tagged.length === 0 || !isObject(value)) return `${fieldName(path)}: expected ${describeExpected(schema)}`
  const tags = tagged.map((entry) => entry.tag).join(', ')
  if ('type' in value) {
    const match = tagged.find((entry) => entry.tag === value.type)
    if (match === undefined) return `${fieldName(`${path}/type`)}: expected one of ${tags}`
    return describeValidationError(match.member, value, path) ?? `${fieldName(path)}: expected ${describeExpected(schema)}`
  }
  const untagged = members.find((member) => member.properties?.type === undefined)
  if (untagged !== undefined) return describeValidationError(untagged, value, path) ?? `${fieldName(path)}: invalid`
  return `${fieldName(`${path}/type`)}: required, expected one of ${tags}`
}

function flattenUnion(schema: TSchema): TSchema[] {
  const members: TSchema[] = Array.isArray(schema.anyOf) ? schema.anyOf : [schema]
  return members.flatMap((member) => (Array.isArray(member.anyOf) ? flattenUnion(member) : [member]))
}

function literalOf(schema: TSchema | undefined): string | undefined {
  return schema !== undefined && schema[Kind] === 'Literal' && typeof schema.const === 'string' ? schema.const : undefined
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
