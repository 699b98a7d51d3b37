/**
 * Per-model correction of the cheap estimate, learnt from what upstreams report: for each
 * translated chat request the bridge knows its own estimate of the prompt and the upstream's
 * input tokens. The factor is the median ratio over the model's last `window` requests (robust to
 * the odd outlier: a cache hit reported as 0 input tokens is ignored, a server tool that inflates
 * one request's count moves the median little), bounded so that no run of odd requests can make
 * the estimate absurd, and 1 until `minSamples` requests are seen.
 */
/** `sampleEvery`: once a model's window is full, one request in this many teaches it (default 8). */
export type CalibrationOptions = { window: number; minSamples: number; minFactor: number; maxFactor: number; maxModels: number; sampleEvery?: number }

export const DEFAULT_CALIBRATION: CalibrationOptions = { window: 50, minSamples: 3, minFactor: 0.5, maxFactor: 2, maxModels: 256, sampleEvery: 8 }

export class TokenCalibration {
  private readonly ratios = new Map<string, number[]>()
  private readonly passed = new Map<string, number>()

  constructor(private readonly options: CalibrationOptions = DEFAULT_CALIBRATION) {}

  /** One request's estimate beside the upstream's count; counts of 0 or less teach nothing. */
  record(model: string, estimate: number, actual: number): void {
    if (!(estimate > 0) || !(actual > 0) || !Number.isFinite(actual / estimate)) return
    let ratios = this.ratios.get(model)
    if (ratios === undefined) {
      // The oldest model seen makes room for a new one (a Map keeps insertion order).
      if (this.ratios.size >= this.options.maxModels) {
        const oldest = this.ratios.keys().next().value as string
        this.ratios.delete(oldest)
        this.passed.delete(oldest)
      }
      ratios = []
      this.ratios.set(model, ratios)
    }
    ratios.push(actual / estimate)
    if (ratios.length > this.options.window) ratios.shift()
  }

  /**
   * Whether the next request of `model` is worth estimating to teach the calibration: each one
   * until its window is full, then one in `sampleEvery`. The estimate is one pass over the whole
   * prompt (~1.5 ms for Claude Code's 290 KB) on the request's thread, and a full window of recent
   * ratios moves little with each new one.
   */
  wants(model: string): boolean {
    if ((this.ratios.get(model)?.length ?? 0) < this.options.window) return true
    const passed = ((this.passed.get(model) ?? 0) + 1) % (this.options.sampleEvery ?? 1)
    this.passed.set(model, passed)
    return passed === 0
  }

  /** The correction for `model`'s estimates. */
  factor(model: string): number {
    const ratios = this.ratios.get(model)
    if (ratios === undefined || ratios.length < this.options.minSamples) return 1
    const sorted = [...ratios].sort((a, b) => a - b)
    const middle = sorted.length >> 1
    const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
    return Math.min(this.options.maxFactor, Math.max(this.options.minFactor, median))
  }

  /** How many requests of `model` the factor rests on. */
  samples(model: string): number {
    return this.ratios.get(model)?.length ?? 0
  }

  /** `estimate` corrected for `model`, rounded up. */
  apply(model: string, estimate: number): number {
    return Math.ceil(estimate * this.factor(model))
  }
}
