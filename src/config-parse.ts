/**
 * Command line and environment → ServerConfig. Every flag has an LLM_BRIDGE_* variable; a flag
 * given on the command line wins over its variable (for --allow-host the flags replace the list).
 * Bad input throws ConfigError with one line naming the flag or variable; main.ts prints it, exit 2.
 */
import pkg from '../package.json'
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from './config.ts'
import { parseAllowHost } from './upstream/egress/parse-allow-host.ts'

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

export type ParsedCommand =
  | { kind: 'run'; config: ServerConfig }
  | { kind: 'help'; text: string }
  | { kind: 'version'; text: string }
  | { kind: 'rotate-key'; dataDir: string; retireOld: boolean }

type Option = {
  flag: string
  env: string
  value: string
  help: string
  /** Boolean options take no value on the command line (`--log-bodies`, or `--log-bodies=false`). */
  boolean?: boolean
  apply: (config: ServerConfig, raw: string, name: string) => void
}

const D = DEFAULT_SERVER_CONFIG

const OPTIONS: Option[] = [
  { flag: '--host', env: 'LLM_BRIDGE_HOST', value: 'ADDR', help: `interface to listen on (default ${D.host}; 0.0.0.0 exposes the bridge to the LAN)`, apply: (c, raw, name) => (c.host = parseBindHost(raw, name)) },
  { flag: '--port', env: 'LLM_BRIDGE_PORT', value: 'N', help: `port to listen on, 0 for a random free port (default ${D.port})`, apply: (c, raw, name) => (c.port = parseInteger(raw, name, 0, 65535)) },
  { flag: '--data-dir', env: 'LLM_BRIDGE_DATA_DIR', value: 'DIR', help: `directory for the secret, keys and the request log (default ${D.dataDir})`, apply: (c, raw, name) => (c.dataDir = nonEmpty(raw, name)) },
  { flag: '--public-url', env: 'LLM_BRIDGE_PUBLIC_URL', value: 'URL', help: 'origin put in generated URLs (default http://HOST:PORT)', apply: (c, raw, name) => (c.publicUrl = parsePublicUrl(raw, name)) },
  { flag: '--allow-host', env: 'LLM_BRIDGE_ALLOW_HOSTS', value: 'ENTRY', help: 'allow a loopback/private upstream: host, host:port or CIDR; repeat the flag, or comma-separate in the variable (default none)', apply: (c, raw, name) => c.allowHosts.push(...parseAllowList(raw, name)) },
  { flag: '--max-body-bytes', env: 'LLM_BRIDGE_MAX_BODY_BYTES', value: 'N', help: `largest request body accepted (default ${D.maxBodyBytes})`, apply: (c, raw, name) => (c.maxBodyBytes = parseInteger(raw, name, 1, Number.MAX_SAFE_INTEGER)) },
  { flag: '--log-bodies', env: 'LLM_BRIDGE_LOG_BODIES', value: '', boolean: true, help: `store capped, redacted request and response bodies in the log (default ${D.logBodies})`, apply: (c, raw, name) => (c.logBodies = parseBoolean(raw, name)) },
  { flag: '--retry-max-attempts', env: 'LLM_BRIDGE_RETRY_MAX_ATTEMPTS', value: 'N', help: `upstream attempts per request, 1 = no retry (default ${D.retry.maxAttempts})`, apply: (c, raw, name) => (c.retry.maxAttempts = parseInteger(raw, name, 1, 10)) },
  { flag: '--retry-max-delay-ms', env: 'LLM_BRIDGE_RETRY_MAX_DELAY_MS', value: 'MS', help: `longest wait between attempts (default ${D.retry.maxDelayMs})`, apply: (c, raw, name) => (c.retry.maxDelayMs = parseInteger(raw, name, 0, 3_600_000)) },
  { flag: '--deadline-ms', env: 'LLM_BRIDGE_DEADLINE_MS', value: 'MS', help: `overall deadline for the attempts of one request (default ${D.retry.deadlineMs})`, apply: (c, raw, name) => (c.retry.deadlineMs = parseInteger(raw, name, 1, 86_400_000)) },
  { flag: '--connect-timeout-ms', env: 'LLM_BRIDGE_CONNECT_TIMEOUT_MS', value: 'MS', help: `time to connect to the upstream (default ${D.timeouts.connectMs})`, apply: (c, raw, name) => (c.timeouts.connectMs = parseInteger(raw, name, 1, 86_400_000)) },
  { flag: '--first-byte-timeout-ms', env: 'LLM_BRIDGE_FIRST_BYTE_TIMEOUT_MS', value: 'MS', help: `time to the upstream's first byte (default ${D.timeouts.firstByteMs})`, apply: (c, raw, name) => (c.timeouts.firstByteMs = parseInteger(raw, name, 1, 86_400_000)) },
  { flag: '--idle-timeout-ms', env: 'LLM_BRIDGE_IDLE_TIMEOUT_MS', value: 'MS', help: `longest silence inside an upstream stream (default ${D.timeouts.idleMs})`, apply: (c, raw, name) => (c.timeouts.idleMs = parseInteger(raw, name, 1, 86_400_000)) },
  { flag: '--keepalive-ms', env: 'LLM_BRIDGE_KEEPALIVE_MS', value: 'MS', help: `silence on an open client stream before a keepalive (Anthropic ping, SSE comment); 0 = never (default ${D.streams.keepaliveMs})`, apply: (c, raw, name) => (c.streams.keepaliveMs = parseInteger(raw, name, 0, 86_400_000)) },
  { flag: '--client-stall-ms', env: 'LLM_BRIDGE_CLIENT_STALL_MS', value: 'MS', help: `drop a client that stops reading for this long and release the upstream; 0 = never (default ${D.streams.clientStallMs})`, apply: (c, raw, name) => (c.streams.clientStallMs = parseInteger(raw, name, 0, 86_400_000)) },
  { flag: '--max-upstream-bytes', env: 'LLM_BRIDGE_MAX_UPSTREAM_BYTES', value: 'N', help: `largest upstream answer read, after decompression; 0 = no bound (default ${D.streams.maxUpstreamBytes})`, apply: (c, raw, name) => (c.streams.maxUpstreamBytes = parseInteger(raw, name, 0, Number.MAX_SAFE_INTEGER)) },
  { flag: '--grammar-check-every', env: 'LLM_BRIDGE_GRAMMAR_CHECK_EVERY', value: 'N', help: `check the grammar of 1 translated client stream in N and log violations; 1 = every stream, 0 = never (default ${D.streams.grammarCheckEvery})`, apply: (c, raw, name) => (c.streams.grammarCheckEvery = parseInteger(raw, name, 0, 1_000_000)) },
  { flag: '--drain-ms', env: 'LLM_BRIDGE_DRAIN_MS', value: 'MS', help: `on SIGTERM, how long in-flight requests may finish before they end with an error event (default ${D.drainMs})`, apply: (c, raw, name) => (c.drainMs = parseInteger(raw, name, 0, 3_600_000)) },
  { flag: '--mint', env: 'LLM_BRIDGE_MINT', value: 'admin|anyone', help: 'who may mint URLs: admin (the admin key) or anyone who reaches the API (default admin on a non-loopback bind, anyone on loopback)', apply: (c, raw, name) => (c.mint = parseMint(raw, name)) },
  { flag: '--share-port', env: 'LLM_BRIDGE_SHARE_PORT', value: '', boolean: true, help: `listen even when another process holds the port, the kernel splitting connections between them (default ${D.sharePort}); without it a port in use fails the start`, apply: (c, raw, name) => (c.sharePort = parseBoolean(raw, name)) },
  { flag: '--request-log', env: 'LLM_BRIDGE_REQUEST_LOG', value: 'on|off', help: `store a row per request in the SQLite log; off keeps only the /metrics counters and /api/logs lists nothing (default ${D.requestLog ? 'on' : 'off'})`, apply: (c, raw, name) => (c.requestLog = parseOnOff(raw, name)) },
]

export function parseServerConfig(argv: string[], env: Record<string, string | undefined>): ParsedCommand {
  if (argv[0] === 'rotate-key') return parseRotateKey(argv.slice(1), env)
  const flags = readArgv(argv)
  if (flags === 'help') return { kind: 'help', text: helpText() }
  if (flags === 'version') return { kind: 'version', text: `llm-bridge ${pkg.version}` }
  const config = structuredClone(DEFAULT_SERVER_CONFIG)
  let publicUrlGiven = false
  for (const option of OPTIONS) {
    const fromFlags = flags.get(option.flag)
    const envValue = env[option.env]
    const sources: [string, string][] = fromFlags
      ? fromFlags.map((raw): [string, string] => [raw, option.flag])
      : envValue !== undefined && envValue !== ''
        ? [[envValue, option.env]]
        : []
    for (const [raw, name] of sources) option.apply(config, raw, name)
    if (option.flag === '--public-url' && sources.length > 0) publicUrlGiven = true
  }
  if (!publicUrlGiven) config.publicUrl = defaultPublicUrl(config.host, config.port)
  return { kind: 'run', config }
}

/** http://HOST:PORT, with a wildcard bind shown as 127.0.0.1. With port 0, main.ts recomputes it after listening. */
export function defaultPublicUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`
}

/** argv → flag → raw values (in order), or the help/version request. */
function readArgv(argv: string[]): Map<string, string[]> | 'help' | 'version' {
  const byFlag = new Map(OPTIONS.map((option) => [option.flag, option]))
  const values = new Map<string, string[]>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--help' || arg === '-h') return 'help'
    if (arg === '--version' || arg === '-v') return 'version'
    const eq = arg.indexOf('=')
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg
    const option = byFlag.get(flag)
    if (option === undefined) {
      throw new ConfigError(arg.startsWith('-') ? `Unknown option ${flag} (see --help)` : `Unexpected argument "${arg}" (see --help)`)
    }
    let raw: string
    if (eq > 0 && flag !== arg) raw = arg.slice(eq + 1)
    else if (option.boolean) raw = 'true'
    else {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`${flag} needs a value (${option.value})`)
      raw = next
      i++
    }
    values.set(flag, [...(values.get(flag) ?? []), raw])
  }
  return values
}

function helpText(): string {
  const lines = OPTIONS.map((option) => {
    const left = option.boolean ? option.flag : `${option.flag} ${option.value}`
    return `  ${left.padEnd(28)} ${option.help}\n  ${''.padEnd(28)} env: ${option.env}`
  })
  return [
    `llm-bridge ${pkg.version} — any LLM client to any LLM provider through one encrypted proxy URL`,
    '',
    'Usage: llm-bridge [options]',
    '',
    'Options (each also an environment variable; a flag wins over its variable):',
    ...lines,
    `  ${'-h, --help'.padEnd(28)} show this help`,
    `  ${'-v, --version'.padEnd(28)} show the version`,
    '',
    'Commands:',
    `  ${'rotate-key'.padEnd(28)} add a new URL key to the data directory (see rotate-key --help)`,
  ].join('\n')
}

const ROTATE_KEY_HELP = [
  'Usage: llm-bridge rotate-key [--data-dir DIR] [--retire-old]',
  '',
  'Adds a new key to the key ring in the data directory; URLs minted after the next start are sealed',
  'with it. Older keys are kept, so the URLs they sealed keep working. Restart the server to apply.',
  '',
  `  ${'--data-dir DIR'.padEnd(28)} the server's data directory (default ${D.dataDir}; env: LLM_BRIDGE_DATA_DIR)`,
  `  ${'--retire-old'.padEnd(28)} also retire every older key: after the restart, URLs sealed with them answer 401`,
].join('\n')

/** `rotate-key` takes only the data directory and --retire-old; the server's flags are refused. */
function parseRotateKey(argv: string[], env: Record<string, string | undefined>): ParsedCommand {
  const envDir = env.LLM_BRIDGE_DATA_DIR
  let dataDir = envDir !== undefined && envDir !== '' ? nonEmpty(envDir, 'LLM_BRIDGE_DATA_DIR') : D.dataDir
  let retireOld = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--help' || arg === '-h') return { kind: 'help', text: ROTATE_KEY_HELP }
    if (arg === '--retire-old') retireOld = true
    else if (arg.startsWith('--retire-old=')) retireOld = parseBoolean(arg.slice('--retire-old='.length), '--retire-old')
    else if (arg.startsWith('--data-dir=')) dataDir = nonEmpty(arg.slice('--data-dir='.length), '--data-dir')
    else if (arg === '--data-dir') {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) throw new ConfigError('--data-dir needs a value (DIR)')
      dataDir = nonEmpty(next, '--data-dir')
      i++
    } else throw new ConfigError(`rotate-key: unknown argument "${arg}" (see llm-bridge rotate-key --help)`)
  }
  return { kind: 'rotate-key', dataDir, retireOld }
}

function parseInteger(raw: string, name: string, min: number, max: number): number {
  const value = /^[0-9]+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`)
  }
  return value
}

function parseBoolean(raw: string, name: string): boolean {
  const value = raw.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(value)) return true
  if (['0', 'false', 'no', 'off'].includes(value)) return false
  throw new ConfigError(`${name} must be true or false (got "${raw}")`)
}

function parseOnOff(raw: string, name: string): boolean {
  try {
    return parseBoolean(raw, name)
  } catch {
    throw new ConfigError(`${name} must be on or off (got "${raw}")`)
  }
}

function parseMint(raw: string, name: string): 'admin' | 'anyone' {
  const value = raw.trim().toLowerCase()
  if (value === 'admin' || value === 'anyone') return value
  throw new ConfigError(`${name} must be admin or anyone (got "${raw}")`)
}

function nonEmpty(raw: string, name: string): string {
  if (raw.trim() === '') throw new ConfigError(`${name} must not be empty`)
  return raw
}

function parseBindHost(raw: string, name: string): string {
  const host = raw.trim().replace(/^\[(.*)\]$/, '$1')
  if (!/^[A-Za-z0-9.:_%-]+$/.test(host)) throw new ConfigError(`${name} must be a host name or IP address (got "${raw}")`)
  return host
}

function parsePublicUrl(raw: string, name: string): string {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL such as https://bridge.example.com (got "${raw}")`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name} must use http or https`)
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${name} must not contain credentials, a query or a fragment`)
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

function parseAllowList(raw: string, name: string): string[] {
  const entries = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
  for (const entry of entries) {
    try {
      parseAllowHost(entry)
    } catch (error) {
      throw new ConfigError(`${name}: ${(error as Error).message}`)
    }
  }
  return entries
}
