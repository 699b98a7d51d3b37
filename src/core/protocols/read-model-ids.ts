/**
 * The model ids of an upstream's model list, read leniently: the list is `body[listKey]`, each
 * entry's id its `idKey` string (less `prefix` where the list names resources, Gemini's
 * `models/…`); entries without one are skipped. Undefined when the body holds no such list.
 */
import { isObject } from '../json-object.ts'

export function readModelIds(body: unknown, listKey: string, idKey: string, prefix = ''): string[] | undefined {
  if (!isObject(body)) return undefined
  const list = body[listKey]
  if (!Array.isArray(list)) return undefined
  const ids: string[] = []
  for (const entry of list) {
    const id = isObject(entry) ? entry[idKey] : undefined
    if (typeof id !== 'string' || id === '') continue
    ids.push(id.startsWith(prefix) ? id.slice(prefix.length) : id)
  }
  return ids
}
