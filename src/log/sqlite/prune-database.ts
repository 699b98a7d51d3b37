/**
 * Retention: delete by age, then the oldest rows until the used size fits, in small batches so a
 * prune never holds the write lock long; then hand freed pages back (auto_vacuum=INCREMENTAL).
 */
import type { Database } from 'bun:sqlite'
import type { RetentionPolicy } from '../log-store.ts'

const BATCH_ROWS = 500
/** Rows can hold 128 KiB of bodies: smaller steps keep the size phase from overshooting far. */
const SIZE_BATCH_ROWS = 50
/** Bounds one prune run; the next run continues where this one stopped. */
export const MAX_BATCHES = 400
/** DELETE batches per step: up to ~10,000 rows by age, or 1,000 of the largest rows by size. */
export const STEP_BATCHES = 20
const DAY_MS = 86_400_000

export type PruneStep = { deleted: number; done: boolean }

/**
 * At most `maxBatches` DELETE batches, by age first, then by size: a step is short, so the writer
 * thread can store the rows queued meanwhile between steps. `done` once nothing is left to delete.
 */
export function pruneStep(database: Database, policy: RetentionPolicy, now: number, maxBatches: number): PruneStep {
  let deleted = 0
  let budget = maxBatches
  const cutoff = now - policy.maxAgeDays * DAY_MS
  const byAge = database.query<unknown, [number, number]>(
    'DELETE FROM request_log WHERE id IN (SELECT id FROM request_log WHERE started_at < ? LIMIT ?)',
  )
  for (; budget > 0; ) {
    const changes = byAge.run(cutoff, BATCH_ROWS).changes
    budget -= 1
    deleted += changes
    if (changes < BATCH_ROWS) break
    if (budget === 0) return { deleted, done: false }
  }
  const oldest = database.query<unknown, [number]>(
    'DELETE FROM request_log WHERE id IN (SELECT id FROM request_log ORDER BY started_at, id LIMIT ?)',
  )
  const rowBytes = averageRowBytes(database)
  for (; budget > 0; budget--) {
    const excess = usedBytes(database) - policy.maxBytes
    if (excess <= 0) return { deleted, done: true }
    // Aim at the excess so a small database is not emptied by one coarse batch.
    const changes = oldest.run(Math.min(Math.max(Math.ceil(excess / rowBytes), 1), SIZE_BATCH_ROWS)).changes
    deleted += changes
    if (changes === 0) return { deleted, done: true }
  }
  // Out of budget: done only if the last batch brought the size within the limit.
  return { deleted, done: usedBytes(database) <= policy.maxBytes }
}

/** Whether a retention run would delete anything: rows older than the cutoff, or more bytes than allowed. */
export function needsPruning(database: Database, policy: RetentionPolicy, now: number): boolean {
  const oldest = database.query<{ oldest: number | null }, []>('SELECT min(started_at) AS oldest FROM request_log').get()?.oldest ?? null
  return (oldest !== null && oldest < now - policy.maxAgeDays * DAY_MS) || usedBytes(database) > policy.maxBytes
}

/** After rows were deleted: hand the freed pages back, and move the WAL into the file so it shrinks now. */
export function compactDatabase(database: Database): void {
  database.run('PRAGMA incremental_vacuum')
  database.run('PRAGMA wal_checkpoint(TRUNCATE)')
}

/** A whole retention run, step after step, bounded by MAX_BATCHES. */
export function pruneDatabase(database: Database, policy: RetentionPolicy, now: number): number {
  let deleted = 0
  try {
    for (let steps = 0; steps < MAX_BATCHES / STEP_BATCHES; steps++) {
      const step = pruneStep(database, policy, now, STEP_BATCHES)
      deleted += step.deleted
      if (step.done) break
    }
  } finally {
    if (deleted > 0) compactDatabase(database)
  }
  return deleted
}

function averageRowBytes(database: Database): number {
  const rows = database.query<{ count: number }, []>('SELECT count(*) AS count FROM request_log').get()?.count ?? 0
  return rows === 0 ? 1 : Math.max(usedBytes(database) / rows, 1)
}

/** Pages in use (free pages excluded): what the rows cost, whatever the file size is. */
export function usedBytes(database: Database): number {
  const pragma = (name: string): number => {
    const row = database.query<Record<string, number>, []>(`PRAGMA ${name}`).get()
    return row ? Number(Object.values(row)[0]) : 0
  }
  return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size')
}
