/**
 * Races each step of a long stream against one AbortSignal (the drain window's end) without
 * keeping the steps alive. Racing every read against one long-lived promise leaves a reaction
 * per read on that promise, each holding the read's settled result, until the signal fires: a
 * long answer kept every chunk it had already forwarded (~74 MiB per 200,000 chunks; see
 * test/proxy-guards/long-stream-keeps-every-chunk.test.ts). Here every race gets a fresh promise,
 * dropped with the race, and the one listener on the signal wakes the current one.
 */
export const SIGNALLED = Symbol('signalled')

export class SignalRace {
  private wake: ((value: typeof SIGNALLED) => void) | undefined
  private readonly onAbort = (): void => this.wake?.(SIGNALLED)

  constructor(private readonly signal: AbortSignal) {
    if (!signal.aborted) signal.addEventListener('abort', this.onAbort, { once: true })
  }

  /** `pending`, or SIGNALLED if the signal fires first (at once when it already has). */
  next<T>(pending: Promise<T>): Promise<T | typeof SIGNALLED> {
    const signalled = new Promise<typeof SIGNALLED>((resolve) => {
      if (this.signal.aborted) resolve(SIGNALLED)
      else this.wake = resolve
    })
    return Promise.race([pending, signalled])
  }

  /** A listener per stream on the one server-wide signal: removed, or a soak would see them pile up. */
  dispose(): void {
    this.wake = undefined
    this.signal.removeEventListener('abort', this.onAbort)
  }
}
