/**
 * Opens the log database with the pragmas the writer relies on and migrates it. With create
 * false (the reader thread) a file that is gone stays gone: the open fails instead of making an
 * empty log that the API would then show as if every row had been deleted.
 */
import { Database } from 'bun:sqlite'
import { chmodSync, closeSync, openSync } from 'node:fs'
import { MIGRATIONS } from './migrations.ts'

export function openDatabase(path: string, options: { create?: boolean } = {}): Database {
  const create = options.create ?? true
  if (create && path !== ':memory:') ownerOnly(path)
  const database = new Database(path, { create, readwrite: true, strict: true })
  try {
    // First: the statements below take locks, and another connection (the other thread's, a
    // backup tool's) may hold one for a moment; without a timeout they would fail at once.
    database.run('PRAGMA busy_timeout = 5000')
    // auto_vacuum only takes effect before the first table exists: retention relies on
    // incremental_vacuum to hand deleted pages back to the file system.
    database.run('PRAGMA auto_vacuum = INCREMENTAL')
    database.run('PRAGMA journal_mode = WAL')
    // NORMAL in WAL mode: a crash loses at most the last transactions, never corrupts.
    database.run('PRAGMA synchronous = NORMAL')
    migrate(database)
    return database
  } catch (error) {
    database.close()
    throw error
  }
}

function migrate(database: Database): void {
  const row = database.query<{ user_version: number }, []>('PRAGMA user_version').get()
  const current = row?.user_version ?? 0
  for (let version = current; version < MIGRATIONS.length; version++) {
    database.transaction(() => {
      database.run(MIGRATIONS[version] ?? '')
      database.run(`PRAGMA user_version = ${version + 1}`)
    })()
  }
}

/**
 * The log holds prompts (with --log-bodies), models and user agents: readable by its owner only,
 * like the secret beside it. SQLite creates the -wal and -shm files with the database file's mode,
 * so setting it on the file before SQLite opens it covers all three.
 */
function ownerOnly(path: string): void {
  closeSync(openSync(path, 'a', 0o600))
  chmodSync(path, 0o600)
}

