/** Untrusted JSON (client bodies, upstream answers) is `unknown` until narrowed; this is the one object test. */
export type JsonObject = Record<string, unknown>

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
