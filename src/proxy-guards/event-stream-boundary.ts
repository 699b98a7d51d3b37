/**
 * Knows whether the bytes forwarded so far end between two AWS event-stream frames. Passthrough
 * forwards upstream chunks as they come, and a chunk may end inside a frame: an exception frame
 * appended there would corrupt the frame it lands in. Each frame starts with its total length
 * (4 bytes, big-endian), so following the lengths is enough; the CRCs are the client's to check.
 */
export class EventStreamBoundary {
  /** Bytes of the current frame not forwarded yet. */
  private remaining = 0
  /** The next frame's length field, as far as it has arrived. */
  private lengthBytes: number[] = []

  observe(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk
    let at = 0
    while (at < bytes.byteLength) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, bytes.byteLength - at)
        this.remaining -= take
        at += take
        continue
      }
      this.lengthBytes.push(bytes[at++]!)
      if (this.lengthBytes.length === 4) {
        const [a = 0, b = 0, c = 0, d = 0] = this.lengthBytes
        const total = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0
        this.remaining = Math.max(total - 4, 0)
        this.lengthBytes = []
      }
    }
  }

  /** True before the first byte and after each whole frame. */
  get atBoundary(): boolean {
    return this.remaining === 0 && this.lengthBytes.length === 0
  }
}
