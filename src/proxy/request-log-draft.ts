/**
 * Collects the facts of one proxied request as it goes and records exactly one row, however the
 * request ends (answered, failed, client gone, stream broken). The row never holds a token.
 */
import type { ErrorCode } from '../core/errors.ts'
import type { TranslationWarning, Usage } from '../core/model/index.ts'
import type { RequestLogRow, RequestLogSink } from '../log/request-log-row.ts'

/** nginx's convention for "client closed the request": the status a gone client would have seen is unknown. */
export const CLIENT_CLOSED_STATUS = 499

/** The row's error code is one of the bridge's public codes (README), never free text. */
export type RowFinish = { status: number; errorCode?: ErrorCode; errorMessage?: string; upstreamStatus?: number }

export class RequestLogDraft {
  readonly row: RequestLogRow
  private readonly startedAtMs: number
  private recorded = false
  /** Exact secret values (the upstream key) the log must redact from free text. */
  private secrets: readonly string[] = []
  private finished: (() => void)[] = []
  private completing: (() => void)[] = []

  constructor(private readonly sink: RequestLogSink, init: { requestId: string; method: string; path: string; userAgent?: string }) {
    this.startedAtMs = performance.now()
    this.row = {
      requestId: init.requestId,
      startedAt: Date.now(),
      method: init.method,
      path: init.path,
      stream: false,
      status: 0,
      attempts: 0,
      durationMs: 0,
      warnings: [],
      bytesIn: 0,
      bytesOut: 0,
    }
    if (init.userAgent !== undefined) this.row.userAgent = init.userAgent
  }

  markFirstByte(): void {
    if (this.row.ttfbMs === undefined) this.row.ttfbMs = Math.round(performance.now() - this.startedAtMs)
  }

  addBytesOut(count: number): void {
    this.row.bytesOut += count
  }

  setUsage(usage: Usage | undefined): void {
    if (usage !== undefined) this.row.usage = usage
  }

  setSecrets(secrets: readonly string[]): void {
    this.secrets = secrets
  }

  setWarnings(warnings: TranslationWarning[]): void {
    this.row.warnings = warnings
  }

  /** Runs once the row is recorded (the shutdown drain counts requests until then). */
  onFinish(callback: () => void): void {
    if (this.recorded) callback()
    else this.finished.push(callback)
  }

  /** Runs once, just before the row is recorded: the last facts that need the finished row (usage, status). */
  beforeRecord(callback: () => void): void {
    if (!this.recorded) this.completing.push(callback)
  }

  get isRecorded(): boolean {
    return this.recorded
  }

  /** Records the row once; later calls are ignored (a stream may end and be cancelled). */
  finish(finish: RowFinish): void {
    if (this.recorded) return
    this.recorded = true
    this.row.status = finish.status
    if (finish.errorCode !== undefined) this.row.errorCode = finish.errorCode
    if (finish.errorMessage !== undefined) this.row.errorMessage = finish.errorMessage
    if (finish.upstreamStatus !== undefined) this.row.upstreamStatus = finish.upstreamStatus
    this.row.durationMs = Math.round(performance.now() - this.startedAtMs)
    for (const callback of this.completing.splice(0)) {
      try {
        callback()
      } catch {
        // A fact that cannot be worked out is left out; the row is recorded all the same.
      }
    }
    try {
      this.sink.record(this.row, { redact: this.secrets })
    } catch {
      // record() must not throw; if a sink does anyway, the client's answer matters more.
    }
    for (const callback of this.finished.splice(0)) callback()
  }
}
