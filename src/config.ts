/**
 * Server settings: flags, each also an environment variable (flag wins). parseServerConfig lives
 * in config-parse.ts; this file is the shape every module reads.
 */
export type ServerConfig = {
  host: string
  port: number
  dataDir: string
  /** Origin used in generated URLs, e.g. http://127.0.0.1:8787 (never derived from Host). */
  publicUrl: string
  /** host, host:port or CIDR entries allowed although loopback or private. */
  allowHosts: string[]
  /** Upper bound of a request body (bytes); larger → 413. */
  maxBodyBytes: number
  /** Store capped, redacted request/response bodies in the log (off by default). */
  logBodies: boolean
  retry: { maxAttempts: number; maxDelayMs: number; deadlineMs: number }
  timeouts: { connectMs: number; firstByteMs: number; idleMs: number }
  /** Guards on every proxied answer (src/proxy-guards): keepalive, slow clients, size bound. */
  streams: StreamSettings
  /** How long in-flight requests may run after SIGTERM before they are ended with an error event. */
  drainMs: number
  /** Store a row per request in SQLite; off keeps only the /metrics counters (benchmarks). */
  requestLog: boolean
  /** Who may mint URLs: the admin key holder, anyone who reaches the API, or auto (admin on a non-loopback bind). */
  mint: 'admin' | 'anyone' | 'auto'
}

export type StreamSettings = {
  /** Silence on an open client stream before a keepalive is sent (0 = never). */
  keepaliveMs: number
  /** A client that reads nothing for this long is dropped and the upstream released (0 = never). */
  clientStallMs: number
  /** Upper bound of an upstream answer after decompression (0 = none). */
  maxUpstreamBytes: number
  /** Check the client-stream grammar on 1 translated stream in N (1 = every stream, 0 = never). */
  grammarCheckEvery: number
}

export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 8787,
  dataDir: './data',
  publicUrl: 'http://127.0.0.1:8787',
  allowHosts: [],
  maxBodyBytes: 20 * 1024 * 1024,
  logBodies: false,
  retry: { maxAttempts: 3, maxDelayMs: 30_000, deadlineMs: 120_000 },
  // Reasoning models think for minutes before the first token: the first-byte timeout is long.
  timeouts: { connectMs: 10_000, firstByteMs: 600_000, idleMs: 300_000 },
  // 15 s stays under every common proxy idle timeout (nginx 60 s, Cloudflare 100 s).
  // The grammar check JSON-parses every frame it watches (~17% of translated SSE CPU): sampling
  // keeps it cheap while a systematic encoder bug still shows in the log within a few streams.
  streams: { keepaliveMs: 15_000, clientStallMs: 120_000, maxUpstreamBytes: 256 * 1024 * 1024, grammarCheckEvery: 16 },
  drainMs: 10_000,
  requestLog: true,
  mint: 'auto',
}
