/**
 * Narrowing helpers every codec shares. Client JSON: every failure names the wire path, so a
 * client sees "messages[2].content[0].type: expected one of …" instead of a generic 400.
 * Upstream JSON is read leniently: null and absent both mean "not reported".
 */
import { BridgeError } from '../errors.ts'
import { isObject, type JsonObject } from '../json-object.ts'

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

export function optionalArray(value: unknown, path: string): unknown[] {
  return value === undefined || value === null ? [] : readArray(value, path)
}

export function optionalObject(value: unknown, path: string): JsonObject | undefined {
  return value === undefined || value === null ? undefined : readObject(value, path)
}

export function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'a number')
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined
  return typeof value === 'boolean' ? value : fail(path, 'a boolean')
}

export function readOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  return fail(path, `one of ${allowed.join(', ')}`)
}

/** Numbers from upstream JSON, where null and absent both mean "not reported". */
export function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function arrayOrEmpty(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** Upstream stream payloads: undefined when not JSON, so the decoder reports it in its own words. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
