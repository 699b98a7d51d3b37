/**
 * AWS event-stream header blocks: name (uint8 length + UTF-8), type byte, value. Every type is
 * parsed (a header of an unknown type has no length to skip, so it fails the frame); Bedrock itself
 * sends only strings (type 7).
 * @see ../../../../shared/protocols/bedrock-converse.md §6
 */
export type EventStreamHeaderValue =
  | { type: 'boolean'; value: boolean }
  | { type: 'byte' | 'short' | 'integer'; value: number }
  | { type: 'long'; value: bigint }
  | { type: 'binary'; value: Uint8Array }
  | { type: 'string'; value: string }
  | { type: 'timestamp'; value: Date }
  | { type: 'uuid'; value: string }

export type EventStreamHeaders = Record<string, EventStreamHeaderValue>

/** A frame the decoder rejects; `reason` says which check failed. */
export class EventStreamError extends Error {
  constructor(
    readonly reason: 'prelude-crc' | 'message-crc' | 'length' | 'headers' | 'truncated',
    message: string,
  ) {
    super(message)
    this.name = 'EventStreamError'
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const encoder = new TextEncoder()

function need(view: DataView, offset: number, length: number): void {
  if (offset + length > view.byteLength) throw new EventStreamError('headers', 'event-stream header runs past its block')
}

function readUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function readValue(view: DataView, bytes: Uint8Array, type: number, offset: number): [EventStreamHeaderValue, number] {
  switch (type) {
    case 0: return [{ type: 'boolean', value: true }, offset]
    case 1: return [{ type: 'boolean', value: false }, offset]
    case 2: need(view, offset, 1); return [{ type: 'byte', value: view.getInt8(offset) }, offset + 1]
    case 3: need(view, offset, 2); return [{ type: 'short', value: view.getInt16(offset) }, offset + 2]
    case 4: need(view, offset, 4); return [{ type: 'integer', value: view.getInt32(offset) }, offset + 4]
    case 5: need(view, offset, 8); return [{ type: 'long', value: view.getBigInt64(offset) }, offset + 8]
    case 8: need(view, offset, 8); return [{ type: 'timestamp', value: new Date(Number(view.getBigInt64(offset))) }, offset + 8]
    case 9: need(view, offset, 16); return [{ type: 'uuid', value: readUuid(bytes.subarray(offset, offset + 16)) }, offset + 16]
    case 6:
    case 7: {
      need(view, offset, 2)
      const length = view.getUint16(offset)
      need(view, offset + 2, length)
      const raw = bytes.subarray(offset + 2, offset + 2 + length)
      if (type === 6) return [{ type: 'binary', value: raw.slice() }, offset + 2 + length]
      return [{ type: 'string', value: decodeUtf8(raw) }, offset + 2 + length]
    }
    default:
      throw new EventStreamError('headers', `event-stream header type ${type} is unknown`)
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw new EventStreamError('headers', 'event-stream header is not valid UTF-8')
  }
}

export function decodeHeaders(bytes: Uint8Array): EventStreamHeaders {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headers: EventStreamHeaders = {}
  let offset = 0
  while (offset < bytes.byteLength) {
    const nameLength = view.getUint8(offset)
    need(view, offset + 1, nameLength + 1)
    const name = decodeUtf8(bytes.subarray(offset + 1, offset + 1 + nameLength))
    const [value, next] = readValue(view, bytes, view.getUint8(offset + 1 + nameLength), offset + 2 + nameLength)
    headers[name] = value
    offset = next
  }
  return headers
}

function encodeValue(value: EventStreamHeaderValue): Uint8Array {
  // Views over a fresh ArrayBuffer, not `typedArray.buffer`: reading `.buffer` of a new typed
  // array makes the engine materialise it, the largest cost of encoding a frame (bench profile).
  const fixed = (type: number, length: number, write: (view: DataView) => void): Uint8Array => {
    const buffer = new ArrayBuffer(1 + length)
    const out = new Uint8Array(buffer)
    out[0] = type
    write(new DataView(buffer, 1))
    return out
  }
  const sized = (type: number, raw: Uint8Array): Uint8Array => {
    if (raw.byteLength > 0xffff) throw new RangeError('event-stream header value longer than 65535 bytes')
    const out = new Uint8Array(3 + raw.byteLength)
    out[0] = type
    out[1] = raw.byteLength >>> 8
    out[2] = raw.byteLength & 0xff
    out.set(raw, 3)
    return out
  }
  switch (value.type) {
    case 'boolean': return Uint8Array.of(value.value ? 0 : 1)
    case 'byte': return fixed(2, 1, (view) => view.setInt8(0, value.value))
    case 'short': return fixed(3, 2, (view) => view.setInt16(0, value.value))
    case 'integer': return fixed(4, 4, (view) => view.setInt32(0, value.value))
    case 'long': return fixed(5, 8, (view) => view.setBigInt64(0, value.value))
    case 'timestamp': return fixed(8, 8, (view) => view.setBigInt64(0, BigInt(value.value.getTime())))
    case 'uuid': {
      const hex = value.value.replace(/-/g, '')
      if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError('event-stream uuid header needs 32 hex digits')
      return Uint8Array.of(9, ...Array.from({ length: 16 }, (_, index) => Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16)))
    }
    case 'binary': return sized(6, value.value)
    case 'string': return sized(7, encoder.encode(value.value))
  }
}

/**
 * Plain strings stand for string headers (type 7), the only kind Bedrock sends. A stream repeats a
 * few header sets (one per event type) on every frame: those are encoded once and remembered.
 */
export function encodeHeaders(headers: Record<string, EventStreamHeaderValue | string>): Uint8Array {
  const key = stringHeadersKey(headers)
  const known = key === undefined ? undefined : encodedHeaders.get(key)
  if (known !== undefined) return known
  const encoded = encodeHeadersFresh(headers)
  if (key !== undefined) {
    if (encodedHeaders.size >= MAX_REMEMBERED_HEADERS) encodedHeaders.clear()
    encodedHeaders.set(key, encoded)
  }
  return encoded
}

const MAX_REMEMBERED_HEADERS = 256
const encodedHeaders = new Map<string, Uint8Array>()

/** A key for a set of string headers; undefined when one is of another type (not remembered). */
function stringHeadersKey(headers: Record<string, EventStreamHeaderValue | string>): string | undefined {
  let key = ''
  for (const name in headers) {
    const value = headers[name]
    if (typeof value !== 'string') return undefined
    key += `${name}\u0000${value}\u0000`
  }
  return key
}

function encodeHeadersFresh(headers: Record<string, EventStreamHeaderValue | string>): Uint8Array {
  const parts: Uint8Array[] = []
  let total = 0
  for (const [name, raw] of Object.entries(headers)) {
    const nameBytes = encoder.encode(name)
    if (nameBytes.byteLength > 255) throw new RangeError('event-stream header name longer than 255 bytes')
    const value = encodeValue(typeof raw === 'string' ? { type: 'string', value: raw } : raw)
    parts.push(Uint8Array.of(nameBytes.byteLength), nameBytes, value)
    total += 1 + nameBytes.byteLength + value.byteLength
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}
