/**
 * Gemini streams come in two framings: SSE (`?alt=sse`; `data: {...}` with CRLF separators) and
 * one JSON array (no `alt=sse`). The first non-space byte decides: `[` or `{` is JSON, anything
 * else SSE. Bytes before that decision are held, then fed to the chosen reader; either way the
 * output is the JSON text of each GenerateContentResponse, in order.
 */
import { SseParser } from '../../framing/sse-decoder.ts'
import { concatBytes } from '../../concat-bytes.ts'
import { JsonArrayReader } from './json-array-reader.ts'

type Reader = { push(bytes: Uint8Array): string[]; end(): string[] }

class SseReader implements Reader {
  private readonly parser = new SseParser()

  push(bytes: Uint8Array): string[] {
    return payloads(this.parser.push(bytes))
  }

  end(): string[] {
    return payloads(this.parser.end())
  }
}

function payloads(events: ReadonlyArray<{ data: string }>): string[] {
  const out: string[] = []
  for (const event of events) {
    const data = event.data.trim()
    if (data !== '' && data !== '[DONE]') out.push(data)
  }
  return out
}

export class StreamFramer {
  private reader: Reader | undefined
  private held: Uint8Array[] = []

  push(bytes: Uint8Array): string[] {
    if (this.reader) return this.reader.push(bytes)
    this.held.push(bytes)
    const first = firstSignificantByte(bytes)
    if (first === undefined) return []
    this.reader = first === 0x5b || first === 0x7b ? new JsonArrayReader() : new SseReader()
    const held = concatBytes(this.held)
    this.held = []
    return this.reader.push(held)
  }

  end(): string[] {
    return this.reader ? this.reader.end() : []
  }
}

/** Skips whitespace and a UTF-8 byte order mark. */
function firstSignificantByte(bytes: Uint8Array): number | undefined {
  for (const byte of bytes) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0xef || byte === 0xbb || byte === 0xbf) continue
    return byte
  }
  return undefined
}
