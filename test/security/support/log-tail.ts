/**
 * The live tail (`/api/logs/stream`) read in the background into one growing text, so a test can
 * drive traffic first and then check everything the tail emitted.
 */
export type LogTail = {
  /** The response headers of the tail request. */
  headers: Headers
  /** Everything received so far. */
  text: () => string
  /** Aborts the request and waits for the reader to finish. */
  stop: () => Promise<void>
}

export async function openLogTail(bridgeUrl: string): Promise<LogTail> {
  const controller = new AbortController()
  const response = await fetch(`${bridgeUrl}/api/logs/stream`, { signal: controller.signal })
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let text = ''
  const pumping = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        text += decoder.decode(value, { stream: true })
      }
    } catch {
      // Aborted by stop().
    }
  })()
  return {
    headers: response.headers,
    text: () => text,
    stop: async () => {
      controller.abort()
      await pumping
    },
  }
}
