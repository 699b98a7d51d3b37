/**
 * Narrowing helpers for Bedrock JSON: client bodies fail with the wire path named
 * ("messages[2].content[0]: expected …"); upstream bodies are read leniently.
 */
import { BridgeError } from '../../errors.ts'
import { isObject, type JsonObject } from '../../json-object.ts'

export { isObject, type JsonObject }

export function fail(path: string, expected: string): never {
  throw BridgeError.invalidRequest(`${path}: expected ${expected}`)
}

export function readObject(value: unknown, path: string): JsonObject {
  return isObject(value) ? value : fail(path, 'an object')
}

export function readArray(value: unknown, path: string): unknown[] {
  return Array.isArray(value) ? value : fail(path, 'an array')
}

export function readString(value: unknown, path: string): string {
  return typeof value === 'string' ? value : fail(path, 'a string')
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : readString(value, path)
}

export function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'a number')
}

/** Numbers from upstream JSON, where null and absent both mean "not reported". */
export function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** The one key of a Bedrock union object ({"text": …}, {"toolUse": …}); undefined when not exactly one. */
export function unionKey(value: JsonObject): string | undefined {
  const keys = Object.keys(value)
  return keys.length === 1 ? keys[0] : undefined
}
