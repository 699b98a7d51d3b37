/**
 * One request id per incoming request, shared by the server's outer layer and the Elysia
 * handlers (which render it in error envelopes) without trusting a client-sent header.
 */
const ids = new WeakMap<Request, string>()

export function requestIdOf(request: Request): string {
  let id = ids.get(request)
  if (id === undefined) {
    id = `req_${crypto.randomUUID().replaceAll('-', '')}`
    ids.set(request, id)
  }
  return id
}

/** Carries an id over to a rebuilt Request (the server hands Elysia a normalised copy). */
export function assignRequestId(request: Request, id: string): void {
  ids.set(request, id)
}
