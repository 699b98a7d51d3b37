/**
 * Reads at most `maxBytes` of a body as text, giving up after `idleMs` of silence. Used for
 * error answers the retry loop inspects: a hostile upstream cannot make it buffer or wait forever.
 */
export async function readBoundedText(response: Response, maxBytes: number, idleMs: number): Promise<string> {
  const body = response.body
  if (body === null) return ''
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let received = 0
  try {
    while (received < maxBytes) {
      const chunk = await readWithin(reader, idleMs)
      if (chunk === undefined) break
      const room = maxBytes - received
      received += chunk.byteLength
      text += decoder.decode(chunk.byteLength > room ? chunk.subarray(0, room) : chunk, { stream: true })
    }
    return text + decoder.decode()
  } catch {
    // A dropped or stalled error body still leaves the status to act on.
    return text
  } finally {
    reader.cancel().catch(() => {})
  }
}

async function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, idleMs: number): Promise<Uint8Array | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const silence = new Promise<undefined>((resolve) => {
    if (idleMs > 0) timer = setTimeout(() => resolve(undefined), idleMs)
  })
  try {
    const result = await Promise.race([reader.read(), silence])
    return result === undefined || result.done ? undefined : result.value
  } finally {
    clearTimeout(timer)
  }
}
