/** Narrowing helpers for untrusted JSON: upstream and client bodies are `unknown` until checked. */
export { isObject, type JsonObject } from '../../json-object.ts'

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
