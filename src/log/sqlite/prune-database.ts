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
const MAX_BATCHES = 200
const DAY_MS = 86_400_000

export function pruneDatabase(database: Database, policy: RetentionPolicy, now: number): number {
  let deleted = 0
  const cutoff = now - policy.maxAgeDays * DAY_MS
  const byAge = database.query<unknown, [number, number]>(
    'DELETE FROM request_log WHERE id IN (SELECT id FROM request_log WHERE started_at < ? LIMIT ?)',
  )
  const oldest = database.query<unknown, [number]>(
    'DELETE FROM request_log WHERE id IN (SELECT id FROM request_log ORDER BY started_at, id LIMIT ?)',
  )
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const changes = byAge.run(cutoff, BATCH_ROWS).changes
    deleted += changes
    if (changes < BATCH_ROWS) break
  }
  const rowBytes = averageRowBytes(database)
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const excess = usedBytes(database) - policy.maxBytes
    if (excess <= 0) break
    // Aim at the excess so a small database is not emptied by one coarse batch.
    const changes = oldest.run(Math.min(Math.max(Math.ceil(excess / rowBytes), 1), SIZE_BATCH_ROWS)).changes
    deleted += changes
    if (changes === 0) break
  }
  if (deleted > 0) {
    database.run('PRAGMA incremental_vacuum')
    // Move the WAL's pages into the main file so the file shrinks now, not at the next checkpoint.
    database.run('PRAGMA wal_checkpoint(TRUNCATE)')
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
