/**
 * Schema versions, applied in order by PRAGMA user_version. Append; never edit a shipped step:
 * databases in the field are at every version.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE request_log (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    started_at INTEGER NOT NULL,
    token_id TEXT,
    label TEXT,
    source_protocol TEXT,
    target_protocol TEXT,
    provider TEXT,
    endpoint_group TEXT,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    client_model TEXT,
    upstream_model TEXT,
    stream INTEGER NOT NULL,
    status INTEGER NOT NULL,
    error_code TEXT,
    error_message TEXT,
    upstream_status INTEGER,
    attempts INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    ttfb_ms REAL,
    input_tokens INTEGER,
    output_tokens INTEGER,
    cache_read_tokens INTEGER,
    cache_write_tokens INTEGER,
    reasoning_tokens INTEGER,
    usage_estimated INTEGER,
    cost_usd REAL,
    warnings TEXT NOT NULL,
    user_agent TEXT,
    bytes_in INTEGER NOT NULL,
    bytes_out INTEGER NOT NULL,
    request_body TEXT,
    response_body TEXT
  );
  CREATE INDEX request_log_started_at ON request_log (started_at, id);
  CREATE INDEX request_log_token_id ON request_log (token_id, started_at);
  CREATE INDEX request_log_provider ON request_log (provider, started_at);
  CREATE INDEX request_log_status ON request_log (status, started_at);
  CREATE INDEX request_log_error_code ON request_log (error_code, started_at);`,
  // Every index is one more b-tree insert per row, on the proxy's core (the log must cost
  // < 5 % of throughput). Status and error-code filters look for the failures, which are rare:
  // indexing only those rows keeps the filters fast while a successful row skips two of the seven
  // b-trees. buildWhere adds the literal `status <> 200` that lets SQLite use the partial index
  // (a partial index is only used when the query's WHERE implies the index's term as written).
  `DROP INDEX request_log_status;
  DROP INDEX request_log_error_code;
  CREATE INDEX request_log_status_not_ok ON request_log (status, started_at) WHERE status <> 200;
  CREATE INDEX request_log_error_code_set ON request_log (error_code, started_at) WHERE error_code IS NOT NULL;`,
  // The provider filter scans in time order, like the model filter and the text search: a bridge
  // has a handful of providers, so a page of matches comes after a few hundred rows, and the worst
  // case (a provider absent from a 1,000,000-row log, ~250 ms) runs on the log's reader thread,
  // not the proxy's. The index cost every row ~0.5–1 µs of SQLite work on the writer thread. The
  // indexes left serve what must stay fast at any size: time order, a row by id, a URL token's
  // own rows (its holder reads them), and the rare failures (partial indexes above).
  `DROP INDEX request_log_provider;`,
  // The bridge's own estimate of a translated prompt beside the upstream's input_tokens: the
  // token counts' per-model calibration is seeded from these pairs when the bridge starts again.
  `ALTER TABLE request_log ADD COLUMN input_tokens_estimate INTEGER;`,
]
