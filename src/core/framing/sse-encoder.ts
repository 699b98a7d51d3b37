/** SSE events → wire text. Data with newlines is split into several `data:` lines, per spec. */
export function encodeSseEvent(data: string, event?: string): string {
  const head = event === undefined ? '' : `event: ${event}\n`
  if (!data.includes('\n') && !data.includes('\r')) return `${head}data: ${data}\n\n`
  return `${head}${data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n')}\n\n`
}

/**
 * JSON.stringify without indentation never writes a line break (it escapes them inside strings),
 * so the data goes on one line without encodeSseEvent's scan: this runs once per translated event.
 */
export function encodeSseJson(value: unknown, event?: string): string {
  const data = JSON.stringify(value)
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`
}

/** An SSE comment: a keepalive clients and reverse proxies ignore. */
export const SSE_KEEPALIVE = ': keepalive\n\n'
