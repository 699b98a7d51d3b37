/**
 * One request id per incoming request, shared by the server's outer layer and the Elysia
 * handlers (which render it in error envelopes) without trusting a client-sent header.
 */

/**
 * A UUIDv7 (time first, then a counter and 62 random bits): ids sort in arrival order, so the
 * request log's unique index on request_id grows at its right edge. Random v4 ids scattered that
 * index's inserts over the whole b-tree: once a log held ~200,000 rows, more than the page cache
 * holds, a row cost ~33 µs to store instead of ~8 (`bun scripts/bench/log-cost.ts --grown 200000`).
 */
export const newRequestId = (): string => `req_${Bun.randomUUIDv7().replaceAll('-', '')}`

const ids = new WeakMap<Request, string>()

/** This request's id, made on first use. */
export function requestIdOf(request: Request): string {
  let id = ids.get(request)
  if (id === undefined) {
    id = newRequestId()
    ids.set(request, id)
  }
  return id
}

/** Carries an id over to a rebuilt Request (the server hands Elysia a normalised copy). */
export function assignRequestId(request: Request, id: string): void {
  ids.set(request, id)
}
