/**
 * The deadlines of one upstream attempt (start the connect probe, connect timeout, headers
 * timeout) on a single timer, armed for the earliest one and re-armed for the next when it fires.
 * Almost every answer arrives before the first deadline (200 ms), so an attempt costs one timer
 * instead of three: per-request timers were a visible share of the bridge's CPU (bench profile).
 */
export type Deadline = { atMs: number; run: () => void; name?: string }

export class AttemptTimers {
  private readonly pending: Deadline[]
  private readonly startedAt = performance.now()
  private timer: ReturnType<typeof setTimeout> | undefined
  private stopped = false

  constructor(deadlines: ReadonlyArray<Deadline | undefined>) {
    // Stable sort: equal deadlines run in the order given (connect before headers).
    this.pending = deadlines.filter((d): d is Deadline => d !== undefined).sort((a, b) => a.atMs - b.atMs)
    this.arm()
  }

  /** Drops a deadline that no longer matters (the connect timeout once a connection exists). */
  cancel(name: string): void {
    const index = this.pending.findIndex((d) => d.name === name)
    if (index >= 0) this.pending.splice(index, 1)
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private arm(): void {
    const next = this.pending[0]
    if (next === undefined || this.stopped) return
    const delay = Math.max(0, next.atMs - (performance.now() - this.startedAt))
    this.timer = setTimeout(() => this.due(next.atMs), delay)
  }

  /** Runs every deadline scheduled at or before `atMs` (by schedule, not by a clock read that may lag). */
  private due(atMs: number): void {
    this.timer = undefined
    while (!this.stopped) {
      const next = this.pending[0]
      if (next === undefined || next.atMs > atMs) break
      this.pending.shift()
      next.run()
    }
    this.arm()
  }
}
