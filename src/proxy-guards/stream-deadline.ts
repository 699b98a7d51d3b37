/**
 * One timer per stream for a deadline that restarts at every step (the next body read, the next
 * client pull, the next keepalive): armed with `timer.refresh()` instead of a new timer per chunk.
 * A timer per chunk (plus a promise race around it) was a large share of the bridge's CPU per SSE
 * event (bench profile, docs/performance.md).
 *
 * Disarming only marks the deadline as not running: clearTimeout would make refresh() a no-op, so
 * a timer that fires while disarmed is ignored, and the next arm() revives it.
 */
export class StreamDeadline {
  private timer: ReturnType<typeof setTimeout> | undefined
  private ms = 0
  private armed = false
  private stopped = false

  constructor(private readonly onExpire: () => void) {}

  /** (Re)starts the countdown of `ms` (0 or not finite: no deadline). */
  arm(ms: number): void {
    if (this.stopped || !(ms > 0) || !Number.isFinite(ms)) return
    this.armed = true
    if (this.timer !== undefined && this.ms === ms) this.timer.refresh()
    else {
      clearTimeout(this.timer)
      this.ms = ms
      this.timer = setTimeout(this.expire, ms)
    }
  }

  disarm(): void {
    this.armed = false
  }

  /** For good: the stream is over (a pending timer would keep the process awake). */
  stop(): void {
    this.stopped = true
    this.armed = false
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private readonly expire = (): void => {
    if (!this.armed || this.stopped) return
    this.armed = false
    this.onExpire()
  }
}
