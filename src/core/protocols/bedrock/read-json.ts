/**
 * Narrowing helpers for Bedrock JSON: client bodies fail with the wire path named
 * ("messages[2].content[0]: expected …"); upstream bodies are read leniently.
 */
import type { JsonObject } from '../../json-object.ts'

export {
  fail, isObject, numberOrUndefined, optionalNumber, optionalString, readArray, readObject, readString, stringOrUndefined, type JsonObject,
} from '../read-json.ts'

/** The one key of a Bedrock union object ({"text": …}, {"toolUse": …}); undefined when not exactly one. */
export function unionKey(value: JsonObject): string | undefined {
  const keys = Object.keys(value)
  return keys.length === 1 ? keys[0] : undefined
}
