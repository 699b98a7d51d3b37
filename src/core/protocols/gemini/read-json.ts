/**
 * Narrowing helpers for client JSON: every failure names the wire path, so a client sees
 * "contents[2].parts[0].functionCall.name: expected a string" instead of a generic 400.
 * The Gemini API also accepts proto3 snake_case keys (system_instruction, generation_config),
 * so `field` reads a key in either spelling.
 */
import { BridgeError } from '../../errors.ts'
import { isObject, type JsonObject } from '../../json-object.ts'

export { isObject, type JsonObject }

export function fail(path: string, expected: string): never {
  throw BridgeError.invalidRequest(`${path}: expected ${expected}`)
}

/** `object[camelName]`, or the same key in snake_case. */
export function field(object: JsonObject, camelName: string): unknown {
  const value = object[camelName]
  if (value !== undefined) return value
  return object[camelName.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)]
}

export function readObject(value: unknown, path: string): JsonObject {
  return isObject(value) ? value : fail(path, 'an object')
}

export function optionalObject(value: unknown, path: string): JsonObject | undefined {
  return value === undefined || value === null ? undefined : readObject(value, path)
}

export function readArray(value: unknown, path: string): unknown[] {
  return Array.isArray(value) ? value : fail(path, 'an array')
}

export function optionalArray(value: unknown, path: string): unknown[] {
  return value === undefined || value === null ? [] : readArray(value, path)
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

/** Numbers and strings from upstream JSON, where null and absent both mean "not reported". */
export function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function arrayOrEmpty(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
