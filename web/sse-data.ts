/**
 * The `data` of each Server-Sent Event in a body, joined across its `data:` lines; events without
 * data (comments, keepalives) are skipped. Leaving the loop early cancels the body.
 */
export async function* sseData(body: NonNullable<Response['body']>): AsyncGenerator<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      buffer += value
      const events = buffer.split(/\r\n\r\n|\n\n|\r\r/)
      buffer = events.pop() ?? ''
      for (const event of events) {
        const data = event
          .split(/\r\n|\n|\r/)
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
          .join('\n')
        if (data !== '') yield data
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
}
