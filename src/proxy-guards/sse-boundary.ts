/**
 * Knows whether the bytes forwarded so far end at an SSE event boundary (a blank line). Passthrough
 * forwards upstream chunks as they come, and a chunk may end inside an event: a keepalive or an
 * error event inserted there would corrupt the event it lands in. Only the last few bytes matter.
 */
const LF = 0x0a
const CR = 0x0d

export class SseBoundary {
  /** Up to the last 4 bytes forwarded (enough for `\r\n\r\n`). */
  private tail: number[] = []

  observe(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk.slice(-4)) : chunk.subarray(Math.max(0, chunk.byteLength - 4))
    this.tail = [...this.tail, ...bytes].slice(-4)
  }

  /** True before the first byte, and after a line end that follows another line end. */
  get atBoundary(): boolean {
    const tail = this.tail
    if (tail.length === 0) return true
    let end = tail.length
    if (tail[end - 1] === LF && tail[end - 2] === CR) end -= 2
    else if (tail[end - 1] === LF || tail[end - 1] === CR) end -= 1
    else return false
    const before = tail[end - 1]
    return before === LF || before === CR
  }
}
