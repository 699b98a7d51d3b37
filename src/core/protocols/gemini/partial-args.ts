/**
 * Vertex's streamed function-call arguments (`streamFunctionCallArguments`): a call opens with
 * `{name, willContinue: true}`, then `partialArgs` pieces set values by JSON path (a string value
 * may come in several pieces while `willContinue` is true), and an empty `functionCall: {}` closes
 * it (fixture vertex-streamed-function-call-args.chunks.txt). The pieces build the args object.
 * @see ../../../../../shared/protocols/gemini.md §12
 */
import { arrayOrEmpty, isObject, type JsonObject } from './read-json.ts'

export class PartialArgs {
  readonly args: JsonObject = {}
  /** Paths whose last string piece said more follows. */
  private readonly continuing = new Set<string>()

  apply(pieces: unknown): void {
    for (const piece of arrayOrEmpty(pieces)) if (isObject(piece)) this.applyOne(piece)
  }

  private applyOne(piece: JsonObject): void {
    const path = typeof piece.jsonPath === 'string' ? piece.jsonPath : undefined
    const keys = path === undefined ? undefined : parseJsonPath(path)
    if (path === undefined || keys === undefined || keys.length === 0) return
    const value = pieceValue(piece)
    if (value === undefined) return
    const parent = containerFor(this.args, keys)
    const last = keys.at(-1)!
    const existing = (parent as Record<string | number, unknown>)[last]
    const append = typeof value === 'string' && typeof existing === 'string' && this.continuing.has(path)
    ;(parent as Record<string | number, unknown>)[last] = append ? existing + value : value
    if (piece.willContinue === true) this.continuing.add(path)
    else this.continuing.delete(path)
  }
}

function pieceValue(piece: JsonObject): unknown {
  if (typeof piece.stringValue === 'string') return piece.stringValue
  if (typeof piece.numberValue === 'number') return piece.numberValue
  if (typeof piece.boolValue === 'boolean') return piece.boolValue
  if (piece.nullValue !== undefined) return null
  return undefined
}

/** `$.a.b[0]['c d']` → ['a', 'b', 0, 'c d']; undefined when the path is not of that form. */
export function parseJsonPath(path: string): Array<string | number> | undefined {
  if (!path.startsWith('$')) return undefined
  const keys: Array<string | number> = []
  const pattern = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y
  pattern.lastIndex = 1
  while (pattern.lastIndex < path.length) {
    const start = pattern.lastIndex
    const match = pattern.exec(path)
    if (!match || pattern.lastIndex === start) return undefined
    if (match[1] !== undefined) keys.push(match[1])
    else if (match[2] !== undefined) keys.push(Number(match[2]))
    else keys.push((match[3] ?? match[4])!.replace(/\\(.)/g, '$1'))
  }
  return keys
}

/** The object or array that holds the last key, created along the way. */
function containerFor(root: JsonObject, keys: Array<string | number>): JsonObject | unknown[] {
  let node: JsonObject | unknown[] = root
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!
    const holder = node as Record<string | number, unknown>
    const next = holder[key]
    if (isObject(next) || Array.isArray(next)) node = next
    else {
      const created: JsonObject | unknown[] = typeof keys[i + 1] === 'number' ? [] : {}
      holder[key] = created
      node = created
    }
  }
  return node
}
