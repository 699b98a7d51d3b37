/**
 * Pagination cursor: the last row's start time and store sequence number, so that rows with the
 * same millisecond are neither skipped nor repeated. Any store with a monotonic id can use it.
 */
export type Cursor = { startedAt: number; id: number }

/** Opaque to clients; base64url so it survives a query string untouched. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.startedAt}:${cursor.id}`).toString('base64url')
}

export function decodeCursor(text: string): Cursor | undefined {
  const match = /^(\d{1,16}):(\d{1,16})$/.exec(Buffer.from(text, 'base64url').toString())
  if (!match) return undefined
  return { startedAt: Number(match[1]), id: Number(match[2]) }
}
