/**
 * A fault-injecting upstream for resilience tests: a raw HTTP/1.1 server on a loopback port 0
 * (Bun.listen rather than Bun.serve, because faults need the socket itself: reset before the
 * headers, a drop mid-body without the terminating chunk, bytes split anywhere, backpressure
 * measured as the bytes the kernel accepted). One request per connection (`connection: close`).
 *
 * Scripted per request: status sequences, Retry-After values, delays before headers and between
 * events, drop after N events, malformed JSON, invalid and split UTF-8, huge bodies, redirects,
 * resets. Every request is recorded with when (and whether) the caller went away early.
 *
 *   const upstream = startFaultUpstream([{ status: 503 }, { status: 200, events: [sse({ a: 1 })] }])
 *   ... upstream.url ... upstream.requests.length ... await upstream.stop()
 */
import type { Socket, TCPSocketListener } from 'bun'

export type FaultReply = {
  status?: number
  headers?: Record<string, string>
  delayBeforeHeadersMs?: number
  /** A fixed body sent with content-length. */
  body?: string | Uint8Array
  /** A streamed body (chunked), one chunk per item; '' sends nothing (a pause before the next). */
  events?: (string | Uint8Array)[]
  delayBetweenEventsMs?: number
  /** Close the connection after this many events, without the terminating chunk. */
  dropAfterEvents?: number
  /** Reset the connection (RST) without answering at all. */
  reset?: boolean
  /** After the events, keep the stream open until the caller goes away. */
  hang?: boolean
  /** Stream this many filler bytes after the events (64 KiB chunks, each waits for the socket to drain). */
  hugeBodyBytes?: number
  /** Answer 302 with this Location. */
  redirectTo?: string
}

export type FaultRequest = {
  method: string
  path: string
  headers: Record<string, string>
  body: string
  receivedAt: number
  /** Set when the caller closed the connection before the reply was complete. */
  abortedAt?: number
  /** Body bytes the kernel accepted so far (for backpressure tests). */
  bytesWritten: number
  completed: boolean
  /** Resolves when the caller goes away early. */
  aborted: Promise<void>
}

export type FaultScript = FaultReply[] | ((request: FaultRequest, index: number) => FaultReply)

export type FaultUpstream = {
  url: string
  port: number
  requests: FaultRequest[]
  /** Connections currently open on the upstream side. */
  openConnections: () => number
  stop: () => void
}

type Connection = {
  buffer: Uint8Array
  request?: FaultRequest
  closed: boolean
  markAborted: () => void
  drained: (() => void) | undefined
  /** Pauses waiting on this connection; woken early when it closes. */
  onClose: Set<() => void>
}

export function startFaultUpstream(script: FaultScript): FaultUpstream {
  const requests: FaultRequest[] = []
  let open = 0
  const listener: TCPSocketListener<Connection> = Bun.listen<Connection>({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      open(socket) {
        open++
        socket.data = { buffer: new Uint8Array(0), closed: false, markAborted: () => {}, drained: undefined, onClose: new Set() }
      },
      data(socket, chunk) {
        const connection = socket.data
        if (connection.request !== undefined) return
        connection.buffer = concat(connection.buffer, chunk)
        const parsed = parseRequest(connection.buffer)
        if (parsed === undefined) return
        const request = track(parsed, connection)
        const index = requests.length
        requests.push(request)
        const reply = typeof script === 'function' ? script(request, index) : (script[Math.min(index, script.length - 1)] ?? { status: 500 })
        void serve(socket, reply, request).catch(() => socket.terminate())
      },
      drain(socket) {
        const resume = socket.data.drained
        socket.data.drained = undefined
        resume?.()
      },
      close(socket) {
        open--
        socket.data.closed = true
        if (socket.data.request && !socket.data.request.completed) socket.data.markAborted()
        socket.data.drained?.()
        for (const wake of socket.data.onClose) wake()
      },
      error() {},
    },
  })
  return {
    url: `http://127.0.0.1:${listener.port}`,
    port: listener.port,
    requests,
    openConnections: () => open,
    stop: () => listener.stop(true),
  }
}

type ParsedRequest = { method: string; path: string; headers: Record<string, string>; body: string }

function parseRequest(buffer: Uint8Array): ParsedRequest | undefined {
  const text = new TextDecoder().decode(buffer)
  const headEnd = text.indexOf('\r\n\r\n')
  if (headEnd === -1) return undefined
  const [requestLine = '', ...lines] = text.slice(0, headEnd).split('\r\n')
  const [method = '', path = ''] = requestLine.split(' ')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const headBytes = new TextEncoder().encode(text.slice(0, headEnd + 4)).byteLength
  const length = Number(headers['content-length'] ?? 0)
  if (buffer.byteLength - headBytes < length) return undefined
  const body = new TextDecoder().decode(buffer.subarray(headBytes, headBytes + length))
  return { method, path, headers, body }
}

function track(parsed: ParsedRequest, connection: Connection): FaultRequest {
  let resolveAborted = (): void => {}
  const aborted = new Promise<void>((resolve) => {
    resolveAborted = resolve
  })
  const request: FaultRequest = { ...parsed, receivedAt: Date.now(), bytesWritten: 0, completed: false, aborted }
  connection.request = request
  connection.markAborted = () => {
    request.abortedAt ??= Date.now()
    resolveAborted()
  }
  return request
}

async function serve(socket: Socket<Connection>, reply: FaultReply, request: FaultRequest): Promise<void> {
  if (reply.delayBeforeHeadersMs) await pause(reply.delayBeforeHeadersMs, socket)
  if (socket.data.closed) return
  if (reply.reset) return void socket.terminate()
  const status = reply.redirectTo !== undefined ? 302 : (reply.status ?? 200)
  const headers = { ...reply.headers, connection: 'close' } as Record<string, string>
  if (reply.redirectTo !== undefined) headers.location = reply.redirectTo
  const streamed = reply.events !== undefined || reply.hugeBodyBytes !== undefined || reply.hang === true
  if (!streamed) {
    const body = typeof reply.body === 'string' ? new TextEncoder().encode(reply.body) : (reply.body ?? new Uint8Array(0))
    headers['content-length'] = String(body.byteLength)
    await write(socket, head(status, headers))
    await write(socket, body, request)
    request.completed = true
    return void socket.end()
  }
  headers['transfer-encoding'] = 'chunked'
  headers['content-type'] ??= 'text/event-stream'
  await write(socket, head(status, headers))
  await streamBody(socket, reply, request)
}

async function streamBody(socket: Socket<Connection>, reply: FaultReply, request: FaultRequest): Promise<void> {
  const events = reply.events ?? []
  for (let i = 0; i < events.length; i++) {
    if (i > 0 && reply.delayBetweenEventsMs) await pause(reply.delayBetweenEventsMs, socket)
    if (reply.dropAfterEvents !== undefined && i >= reply.dropAfterEvents) return drop(socket, request, reply)
    if (socket.data.closed) return
    await writeChunk(socket, bytesOf(events[i] ?? ''), request)
  }
  if (reply.dropAfterEvents !== undefined && events.length <= reply.dropAfterEvents) return drop(socket, request, reply)
  let remaining = reply.hugeBodyBytes ?? 0
  const filler = new Uint8Array(64 * 1024).fill(120 /* 'x' */)
  while (remaining > 0 && !socket.data.closed) {
    const size = Math.min(remaining, filler.byteLength)
    await writeChunk(socket, filler.subarray(0, size), request)
    remaining -= size
  }
  if (reply.hang) await request.aborted
  if (socket.data.closed) return
  await write(socket, new TextEncoder().encode('0\r\n\r\n'))
  request.completed = true
  socket.end()
}

/** A FIN without the terminating chunk: what arrived is readable, then the body read fails. */
async function drop(socket: Socket<Connection>, request: FaultRequest, reply: FaultReply): Promise<void> {
  // Bun's fetch discards body bytes that arrive together with the close, so let them land first.
  if (!reply.delayBetweenEventsMs) await pause(20, socket)
  request.completed = true
  socket.end()
}

function head(status: number, headers: Record<string, string>): Uint8Array {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')
  return new TextEncoder().encode(`HTTP/1.1 ${status} Fault\r\n${lines}\r\n`)
}

async function writeChunk(socket: Socket<Connection>, bytes: Uint8Array, request: FaultRequest): Promise<void> {
  // A zero-length chunk would end the body; an empty event is just a pause.
  if (bytes.byteLength === 0) return
  await write(socket, new TextEncoder().encode(`${bytes.byteLength.toString(16)}\r\n`))
  await write(socket, bytes, request)
  await write(socket, new TextEncoder().encode('\r\n'))
}

/** Writes everything, waiting for the socket to drain: a reader that stops reading stops us. */
async function write(socket: Socket<Connection>, bytes: Uint8Array, request?: FaultRequest): Promise<void> {
  let offset = 0
  while (offset < bytes.byteLength && !socket.data.closed) {
    const written = socket.write(bytes.subarray(offset))
    offset += written
    if (request) request.bytesWritten += written
    if (offset < bytes.byteLength) await new Promise<void>((resolve) => (socket.data.drained = resolve))
  }
}

/** Waits `ms`, or less when the connection closes; leaves nothing behind either way (soak runs). */
function pause(ms: number, socket: Socket<Connection>): Promise<void> {
  return new Promise((resolve) => {
    if (socket.data.closed) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      socket.data.onClose.delete(done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    socket.data.onClose.add(done)
  })
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.byteLength + b.byteLength)
  joined.set(a)
  joined.set(b, a.byteLength)
  return joined
}

function bytesOf(item: string | Uint8Array): Uint8Array {
  return typeof item === 'string' ? new TextEncoder().encode(item) : item
}

/** One SSE event carrying JSON. */
export function sse(value: unknown, event?: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(value)}\n\n`
}

/** An SSE event whose data is not JSON, as a broken upstream sends it. */
export const MALFORMED_JSON_EVENT = 'data: {"choices":[{"delta":{"content":"unterminated\n\n'

/** Bytes that are not UTF-8 at all. */
export const INVALID_UTF8 = new Uint8Array([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a, 0x0a])

/** Splits `text` into two chunks inside its first multi-byte character. */
export function splitInsideCharacter(text: string): [Uint8Array, Uint8Array] {
  const bytes = new TextEncoder().encode(text)
  const at = bytes.findIndex((byte) => byte >= 0x80) + 1
  return [bytes.subarray(0, at), bytes.subarray(at)]
}
