/**
 * A scriptable mock LLM provider: a real Bun.serve on port 0 speaking whatever wire format the
 * script says. It records what it received (method, path, headers, body) and notices when the
 * caller goes away mid-answer, so tests can prove a client disconnect reaches the upstream.
 *
 * Usage:
 *   const upstream = startMockUpstream([{ json: { id: 'x' } }])
 *   ... upstream.url ... upstream.requests[0].json ...
 *   upstream.stop()
 */

/** `after`: the chunk is sent only once it resolves (a test holds the stream open until it has seen the client's side). */
export type MockChunk = string | Uint8Array | { data: string | Uint8Array; delayMs?: number; after?: Promise<void> }

export type MockReply = {
  status?: number
  headers?: Record<string, string>
  /** A JSON body (content-type application/json unless headers say otherwise). */
  json?: unknown
  /** A raw body. */
  body?: string | Uint8Array
  /** A streamed body, one write per chunk (content-type text/event-stream unless headers say otherwise). */
  chunks?: MockChunk[]
  /** After the chunks, keep the stream open until the caller aborts (for disconnect tests). */
  hang?: boolean
}

export type ReceivedRequest = {
  method: string
  /** Path without the query. */
  path: string
  /** The query string including `?`, or ''. */
  search: string
  headers: Headers
  text: string
  bytes: Uint8Array
  /** The parsed JSON body, or undefined when it is not JSON. */
  json: unknown
  /** Resolves when the caller went away before the answer was complete. */
  aborted: Promise<void>
  wasAborted: () => boolean
}

export type MockScript = MockReply[] | ((request: ReceivedRequest, index: number) => MockReply)

export type MockUpstream = {
  url: string
  port: number
  requests: ReceivedRequest[]
  stop: () => void
}

export function startMockUpstream(script: MockScript): MockUpstream {
  const requests: ReceivedRequest[] = []
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    idleTimeout: 0,
    async fetch(request) {
      const received = await receive(request)
      const index = requests.length
      requests.push(received)
      const reply = typeof script === 'function' ? script(received, index) : script[Math.min(index, script.length - 1)]
      if (reply === undefined) return new Response('no scripted reply', { status: 500 })
      return respond(reply, received, request.signal)
    },
  })
  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port ?? 0,
    requests,
    stop: () => void server.stop(true),
  }
}

type AbortTracking = ReceivedRequest & { markAborted: () => void }

async function receive(request: Request): Promise<AbortTracking> {
  const bytes = new Uint8Array(await request.arrayBuffer())
  const text = new TextDecoder().decode(bytes)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  const url = new URL(request.url)
  let aborted = false
  let markAborted = (): void => {}
  const abortedPromise = new Promise<void>((resolve) => {
    markAborted = () => {
      aborted = true
      resolve()
    }
  })
  request.signal.addEventListener('abort', () => markAborted())
  return {
    method: request.method,
    path: url.pathname,
    search: url.search,
    headers: request.headers,
    text,
    bytes,
    json,
    aborted: abortedPromise,
    wasAborted: () => aborted,
    markAborted: () => markAborted(),
  }
}

function respond(reply: MockReply, received: AbortTracking, signal: AbortSignal): Response {
  const headers = new Headers(reply.headers)
  const status = reply.status ?? 200
  if (reply.json !== undefined) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
    return new Response(JSON.stringify(reply.json), { status, headers })
  }
  if (reply.chunks === undefined) return new Response((reply.body ?? '') as BodyInit, { status, headers })
  if (!headers.has('content-type')) headers.set('content-type', 'text/event-stream')
  return new Response(streamChunks(reply, received, signal), { status, headers })
}

function streamChunks(reply: MockReply, received: AbortTracking, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const chunks = reply.chunks ?? []
  let position = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (signal.aborted) return
      const chunk = chunks[position++]
      if (chunk === undefined) {
        if (reply.hang) await received.aborted
        else controller.close()
        return
      }
      const item = typeof chunk === 'object' && !(chunk instanceof Uint8Array) ? chunk : { data: chunk }
      if (item.delayMs) await Bun.sleep(item.delayMs)
      if (item.after) await item.after
      controller.enqueue(typeof item.data === 'string' ? encoder.encode(item.data) : item.data)
    },
    cancel() {
      received.markAborted()
    },
  })
}

/** Rebuilds an SSE wire stream from a vercel/ai `*.chunks.txt` fixture (see test/fixtures/README.md). */
export function sseFromChunksFile(text: string, style: 'openai' | 'anthropic'): string[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  const events = lines.map((line) => {
    if (style === 'openai') return `data: ${line}\n\n`
    const type = (JSON.parse(line) as { type: string }).type
    return `event: ${type}\ndata: ${line}\n\n`
  })
  if (style === 'openai') events.push('data: [DONE]\n\n')
  return events
}
