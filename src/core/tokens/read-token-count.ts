/** A token count in an upstream's count answer: a non-negative whole number at `key`, or undefined. */
import { isObject } from '../json-object.ts'

export function readTokenCount(body: unknown, key: string): number | undefined {
  if (!isObject(body)) return undefined
  const value = body[key]
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined
}
