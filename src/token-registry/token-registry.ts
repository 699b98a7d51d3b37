/**
 * The minted URLs and their revocations: <data dir>/tokens.sqlite, a file of its own so that a
 * damaged or deleted request log (which the bridge survives) never takes the revocations with it.
 * Writes happen on mint and on revoke only; the proxy never writes here: last use and request
 * count are read from the request log's rows (its file attached read-side) when the list is asked for.
 *
 * Synchronous on the caller's thread: each call is one small statement on an indexed table (the
 * usage count walks the request log's token_id index, and only for the URLs listed).
 */
import { Database } from 'bun:sqlite'
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { LOG_FILE_NAME } from '../log/index.ts'
import type { MintedToken, MintedTokenView } from './minted-token.ts'
import { toMintedTokenView, type MintedTokenRecord } from './minted-token-record.ts'

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'unknown'

export interface TokenRegistry {
  /** Throws when the entry cannot be stored: a URL the registry does not know could not be revoked. */
  record(token: MintedToken): void
  /** Newest first, at most `limit` entries. */
  list(limit?: number): MintedTokenView[]
  revoke(tokenId: string, nowMs: number): RevokeOutcome
  revokedIds(): string[]
  /** False when the request log is off: the list then has no last use or request count. */
  readonly usageRecorded: boolean
  close(): void
}

export const DEFAULT_LIST_LIMIT = 500

/** Its own table, created when missing: the request log's numbered migrations stay the log's. */
const SCHEMA = `CREATE TABLE IF NOT EXISTS minted_token (
  token_id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  label TEXT,
  source_protocol TEXT NOT NULL,
  target_protocol TEXT NOT NULL,
  provider TEXT,
  target_host TEXT NOT NULL,
  model_mode TEXT NOT NULL,
  key_id INTEGER NOT NULL,
  settings TEXT NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS minted_token_created_at ON minted_token (created_at);`

export const REGISTRY_FILE_NAME = 'tokens.sqlite'

/** usageRecorded: the request log is on (then its file, <dataDir>/llm-bridge.sqlite, is read for usage). */
export type TokenRegistryOptions = { dataDir: string; usageRecorded: boolean; nowMs?: number }

/** An expired URL is refused whatever the registry says: its entry goes this long after expiry. */
export const EXPIRED_KEPT_MS = 30 * 86_400_000

/**
 * Opens (or creates) the registry. Throws when the file cannot be opened: a server that cannot read
 * its revocations must not start, or revoked URLs would work again.
 */
export function openTokenRegistry(options: TokenRegistryOptions): TokenRegistry {
  const path = join(options.dataDir, REGISTRY_FILE_NAME)
  // Owner-only before SQLite creates it (its -wal and -shm files take the same mode).
  closeSync(openSync(path, 'a', 0o600))
  chmodSync(path, 0o600)
  const database = new Database(path, { create: true, readwrite: true, strict: true })
  try {
    database.run('PRAGMA busy_timeout = 5000')
    database.run('PRAGMA journal_mode = WAL')
    database.run(SCHEMA)
    database.query('DELETE FROM minted_token WHERE expires_at IS NOT NULL AND expires_at < ?').run((options.nowMs ?? Date.now()) - EXPIRED_KEPT_MS)
  } catch (error) {
    database.close()
    throw error
  }
  return new SqliteTokenRegistry(database, options.usageRecorded, join(options.dataDir, LOG_FILE_NAME))
}

type UsageRecord = { token_id: string; requests: number; last_used_at: number | null }

class SqliteTokenRegistry implements TokenRegistry {
  private logAttached = false

  constructor(
    private readonly database: Database,
    readonly usageRecorded: boolean,
    private readonly logPath: string,
  ) {}

  record(token: MintedToken): void {
    this.database
      .query(
        `INSERT INTO minted_token (token_id, created_at, expires_at, label, source_protocol, target_protocol, provider,
          target_host, model_mode, key_id, settings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        token.tokenId, token.createdAt, token.expiresAt ?? null, token.label ?? null, token.sourceProtocol,
        token.targetProtocol, token.provider ?? null, token.targetHost, token.modelMode, token.keyId,
        JSON.stringify(token.settings),
      )
  }

  list(limit = DEFAULT_LIST_LIMIT): MintedTokenView[] {
    const records = this.database
      .query<MintedTokenRecord, [number]>('SELECT * FROM minted_token ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(limit)
    const usage = this.usageRecorded ? this.usageOf(limit) : new Map<string, UsageRecord>()
    return records.map((record) => toMintedTokenView(record, this.usageRecorded ? (usage.get(record.token_id) ?? { requests: 0, last_used_at: null }) : undefined))
  }

  /**
   * One index range per listed URL (request_log_token_id is on token_id, started_at). A log that
   * is missing, damaged or not yet created counts as no use: the list itself must still answer.
   */
  private usageOf(limit: number): Map<string, UsageRecord> {
    try {
      if (!this.logAttached) {
        // ATTACH would create a missing file, without the owner-only mode the log gives its own.
        if (!existsSync(this.logPath)) return new Map()
        this.database.query('ATTACH DATABASE ? AS log').run(this.logPath)
        this.logAttached = true
      }
      const rows = this.database
        .query<UsageRecord, [number]>(
          `SELECT token_id, COUNT(*) AS requests, MAX(started_at) AS last_used_at FROM log.request_log
            WHERE token_id IN (SELECT token_id FROM main.minted_token ORDER BY created_at DESC, rowid DESC LIMIT ?)
            GROUP BY token_id`,
        )
        .all(limit)
      return new Map(rows.map((row) => [row.token_id, row]))
    } catch {
      return new Map()
    }
  }

  revoke(tokenId: string, nowMs: number): RevokeOutcome {
    const found = this.database.query<{ revoked_at: number | null }, [string]>('SELECT revoked_at FROM minted_token WHERE token_id = ?').get(tokenId)
    if (found === null) return 'unknown'
    if (found.revoked_at !== null) return 'already-revoked'
    this.database.query('UPDATE minted_token SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL').run(nowMs, tokenId)
    return 'revoked'
  }

  revokedIds(): string[] {
    return this.database
      .query<{ token_id: string }, []>('SELECT token_id FROM minted_token WHERE revoked_at IS NOT NULL')
      .all()
      .map((row) => row.token_id)
  }

  close(): void {
    this.database.close()
  }
}
