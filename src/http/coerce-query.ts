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
    // Convert would read "1.5", "1e2", "0x10" or " 5" as an integer: only plain digits become one,
    // anything else stays a string for the schema to refuse by name.
    const plain = Object.fromEntries(Object.entries(query).filter(([name, value]) => !(integerParameter(schema, name) && !(typeof value === 'string' && /^(0|[1-9]\d*)$/.test(value)))))
    const converted: unknown = Value.Convert(schema, plain)
    if (typeof converted === 'object' && converted !== null) Object.assign(query, converted)
  }
}

function integerParameter(schema: TSchema, name: string): boolean {
  const properties = (schema as { properties?: Record<string, TSchema> }).properties
  return properties?.[name]?.type === 'integer'
}
