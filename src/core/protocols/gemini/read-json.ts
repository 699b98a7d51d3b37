/**
 * Narrowing helpers for Gemini JSON (the shared ones in ../read-json.ts). The Gemini API also
 * accepts proto3 snake_case keys (system_instruction, generation_config), so `field` reads a key
 * in either spelling.
 */
import type { JsonObject } from '../../json-object.ts'

export {
  arrayOrEmpty, fail, isObject, numberOrUndefined, optionalArray, optionalNumber, optionalObject, optionalString, readArray, readObject, readString,
  stringOrUndefined, type JsonObject,
} from '../read-json.ts'

/** `object[camelName]`, or the same key in snake_case. */
export function field(object: JsonObject, camelName: string): unknown {
  const value = object[camelName]
  if (value !== undefined) return value
  return object[camelName.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)]
}
