/**
 * A query string holds only strings: before the route's query schema is checked, each parameter
 * is converted to the type its schema names ("50" → 50), and a parameter given twice is refused
 * (Elysia would keep the last one silently). Used as a route's `transform` hook.
 */
import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { BridgeError } from '../core/errors.ts'

type QueryContext = { query: Record<string, unknown>; request: Request }

export function coerceQuery(schema: TSchema): (context: QueryContext) => void {
  return ({ query, request }) => {
    const seen = new Set<string>()
    for (const name of new URL(request.url).searchParams.keys()) {
      // Names only the parameter, never echoes its value: a value may be a pasted key.
      if (seen.has(name)) throw BridgeError.invalidRequest(`Query parameter '${name.slice(0, 100)}' is given more than once`)
      seen.add(name)
    }
    const converted: unknown = Value.Convert(schema, { ...query })
    if (typeof converted === 'object' && converted !== null) Object.assign(query, converted)
  }
}
