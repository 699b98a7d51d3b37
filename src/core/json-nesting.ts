/**
 * The nesting limit of every JSON body the bridge parses (README "Security notes"). The codecs,
 * the model rewrite, the API's validators and JSON.stringify walk a parsed body recursively; a body
 * tens of thousands of levels deep overflows the stack there (an INTERNAL_ERROR). JSON.parse
 * itself is iterative in the engine, so the check runs once on its result, before anything else
 * walks it.
 *
 * 512 levels: a real Claude Code or SDK body nests about 10-20 (tool schemas included), and
 * widely used parsers refuse far less (serde_json 128, System.Text.Json 64), so no upstream would
 * take a deeper body anyway; the recursive walks stay thousands of frames below the stack's end.
 */
import { BridgeError } from './errors.ts'

export const MAX_JSON_NESTING = 512

/**
 * True when `value` holds objects/arrays more than `limit` levels inside each other (a scalar is
 * 0 levels, `{}` is 1). Iterative, level by level, stopping at the first level past the limit: its
 * cost follows the number of objects and arrays, not the bytes (long strings cost nothing), and an
 * overly deep body costs `limit` steps.
 */
export function exceedsJsonNesting(value: unknown, limit = MAX_JSON_NESTING): boolean {
  let level: object[] = isContainer(value) ? [value] : []
  for (let depth = 1; level.length > 0; depth++) {
    if (depth > limit) return true
    const next: object[] = []
    for (const container of level) {
      if (Array.isArray(container)) {
        for (const item of container) if (isContainer(item)) next.push(item)
      } else {
        for (const key in container) {
          const item: unknown = (container as Record<string, unknown>)[key]
          if (isContainer(item)) next.push(item)
        }
      }
    }
    level = next
  }
  return false
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}

export function jsonTooDeepError(limit = MAX_JSON_NESTING): BridgeError {
  return BridgeError.invalidRequest(`The request body nests JSON deeper than ${limit} levels, the bridge's limit`)
}

/** Throws the documented 400 when a parsed body is too deep; call before anything walks it. */
export function assertJsonNesting(value: unknown): void {
  if (exceedsJsonNesting(value)) throw jsonTooDeepError()
}
