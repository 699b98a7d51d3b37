/**
 * The live tail as Server-Sent Events: one `row` event per stored row the caller may see.
 * A heartbeat comment keeps idle proxies from closing the stream and reveals a client that left;
 * leaving unsubscribes at once. A client too slow to read loses rows rather than growing memory.
 */
import type { RequestLog } from '../log/index.ts'
import type { LogAccess } from './admin-auth.ts'

const HEARTBEAT_MS = 15_000
/** Events buffered for a slow client before new rows are skipped. */
const MAX_BUFFERED_EVENTS = 1000

export function streamLogTail(log: Pick<RequestLog, 'subscribe'>, access: LogAccess, signal: AbortSignal): Response {
  const encoder = new TextEncoder()
  let stop = (): void => {}
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string): void => {
        if ((controller.desiredSize ?? 0) <= 0) return
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          stop()
        }
      }
      const unsubscribe = log.subscribe((row) => {
        if (access.scope === 'token' && row.tokenId !== access.tokenId) return
        // The id line only when it cannot break the framing; the data line is JSON, newline-free.
        const id = /^[\w.:-]{1,200}$/.test(row.requestId) ? `id: ${row.requestId}\n` : ''
        send(`event: row\n${id}data: ${JSON.stringify(row)}\n\n`)
      })
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS)
      stop = () => {
        unsubscribe()
        clearInterval(heartbeat)
        signal.removeEventListener('abort', onAbort)
      }
      const onAbort = (): void => {
        stop()
        try {
          controller.close()
        } catch {
          // Already closed by a cancel.
        }
      }
      signal.addEventListener('abort', onAbort)
      send(': connected\n\n')
    },
    cancel() {
      stop()
    },
  }, { highWaterMark: MAX_BUFFERED_EVENTS })
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' },
  })
}
