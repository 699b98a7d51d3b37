/**
 * Bun lets the bridge answer a request whose body it has not read (a declared length over the cap,
 * a bad token, any early refusal) and then keeps the connection to drain that body, as long as the
 * client sends it: with Bun's own body limit lifted so the bridge can answer every oversized body
 * in its envelope, that drain would be unbounded. `Connection: close` makes Bun close instead.
 * Bodies the bridge read whole keep their connection alive.
 */
export function closeIfBodyUnread(request: Request, response: Response): Response {
  // A 413 may come after part of a chunked body was read: the rest is never wanted either.
  if (response.status === 413 || (!request.bodyUsed && declaresBody(request.headers))) response.headers.set('connection', 'close')
  return response
}

function declaresBody(headers: Headers): boolean {
  const length = headers.get('content-length')
  return headers.has('transfer-encoding') || (length !== null && length.trim() !== '0')
}
