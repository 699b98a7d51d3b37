/** The mock upstream's knobs, set for the whole process through POST /__config. */
export type Knobs = {
  /** Bytes of answer text in a JSON response. */
  responseBytes: number
  /** Number of content deltas in an SSE response. */
  events: number
  /** Characters per delta. */
  deltaChars: number
  /** Delay before response headers (time to first token). */
  ttftMs: number
  /** Delay between SSE events. */
  gapMs: number
}

export function text(length: number): string {
  return 'lorem ipsum dolor sit amet '.repeat(Math.ceil(length / 27)).slice(0, length)
}
