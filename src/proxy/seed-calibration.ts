/**
 * The token counts' calibration survives a restart: the log keeps, for each translated chat
 * request, the bridge's estimate of its prompt beside the upstream's input tokens, and the first
 * local count that needs a correction replays the most recent of those pairs, oldest first. Read
 * then rather than at start, so a bridge that never counts locally never reads its log for it.
 */
import type { TokenCalibration } from '../core/tokens/calibrate-tokens.ts'
import type { LogFilter, LogPage } from '../log/log-query.ts'

/** The part of the request log the seed reads. */
export type LogReader = { query(filter: LogFilter): Promise<LogPage> }

/** Rows read at most (newest first, in pages of 200): enough for the window of many models. */
const MAX_ROWS = 2000
/** A log that does not answer in time leaves the calibration to learn from new requests. */
const SEED_TIMEOUT_MS = 2000

/** A loader that seeds `calibration` on its first call; later calls share that first run. */
export function calibrationSeed(calibration: TokenCalibration, log: LogReader): () => Promise<void> {
  let seeding: Promise<void> | undefined
  return () => {
    // A replay that loses the race records nothing: its old rows must not push out newer samples.
    const late = { value: false }
    seeding ??= Promise.race([replayLog(calibration, log, late), Bun.sleep(SEED_TIMEOUT_MS).then(() => void (late.value = true))]).then(() => {}, () => {})
    return seeding
  }
}

async function replayLog(calibration: TokenCalibration, log: LogReader, late: { value: boolean }): Promise<void> {
  const pairs: Array<[model: string, estimate: number, actual: number]> = []
  let cursor: string | undefined
  for (let read = 0; read < MAX_ROWS;) {
    const page = await log.query({ status: 200, limit: 200, ...(cursor === undefined ? {} : { cursor }) })
    read += page.rows.length
    for (const row of page.rows) {
      const actual = row.usage?.inputTokens
      if (row.upstreamModel !== undefined && row.inputTokensEstimate !== undefined && actual !== undefined) pairs.push([row.upstreamModel, row.inputTokensEstimate, actual])
    }
    if (page.nextCursor === undefined || page.rows.length === 0) break
    cursor = page.nextCursor
  }
  if (late.value) return
  // Pages come newest first; the calibration keeps the latest of each model's window.
  for (const [model, estimate, actual] of pairs.reverse()) calibration.record(model, estimate, actual)
}
