import { describe, expect, test } from 'bun:test'
import pkg from '../package.json'
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../src/config.ts'
import { ConfigError, defaultPublicUrl, parseServerConfig } from '../src/config-parse.ts'

function run(argv: string[], env: Record<string, string | undefined> = {}): ServerConfig {
  const parsed = parseServerConfig(argv, env)
  if (parsed.kind !== 'run') throw new Error(`expected run, got ${parsed.kind}`)
  return parsed.config
}

function errorOf(argv: string[], env: Record<string, string | undefined> = {}): string {
  try {
    parseServerConfig(argv, env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).not.toContain('\n')
    return message
  }
  throw new Error('expected a ConfigError')
}

describe('parseServerConfig', () => {
  test('no flags and no environment give the defaults', () => {
    expect(run([])).toEqual(DEFAULT_SERVER_CONFIG)
  })

  test('does not share the default allow list between calls', () => {
    run(['--allow-host', '10.0.0.1'])
    expect(DEFAULT_SERVER_CONFIG.allowHosts).toEqual([])
  })

  const cases: [string, string, string, (c: ServerConfig) => unknown, unknown][] = [
    ['--host', 'LLM_BRIDGE_HOST', '0.0.0.0', (c) => c.host, '0.0.0.0'],
    ['--port', 'LLM_BRIDGE_PORT', '9000', (c) => c.port, 9000],
    ['--data-dir', 'LLM_BRIDGE_DATA_DIR', '/var/lib/llm-bridge', (c) => c.dataDir, '/var/lib/llm-bridge'],
    ['--public-url', 'LLM_BRIDGE_PUBLIC_URL', 'https://bridge.example.com/', (c) => c.publicUrl, 'https://bridge.example.com'],
    ['--allow-host', 'LLM_BRIDGE_ALLOW_HOSTS', '127.0.0.1:11434', (c) => c.allowHosts, ['127.0.0.1:11434']],
    ['--max-body-bytes', 'LLM_BRIDGE_MAX_BODY_BYTES', '1024', (c) => c.maxBodyBytes, 1024],
    ['--log-bodies', 'LLM_BRIDGE_LOG_BODIES', 'true', (c) => c.logBodies, true],
    ['--retry-max-attempts', 'LLM_BRIDGE_RETRY_MAX_ATTEMPTS', '5', (c) => c.retry.maxAttempts, 5],
    ['--retry-max-delay-ms', 'LLM_BRIDGE_RETRY_MAX_DELAY_MS', '1500', (c) => c.retry.maxDelayMs, 1500],
    ['--deadline-ms', 'LLM_BRIDGE_DEADLINE_MS', '60000', (c) => c.retry.deadlineMs, 60000],
    ['--connect-timeout-ms', 'LLM_BRIDGE_CONNECT_TIMEOUT_MS', '2000', (c) => c.timeouts.connectMs, 2000],
    ['--first-byte-timeout-ms', 'LLM_BRIDGE_FIRST_BYTE_TIMEOUT_MS', '30000', (c) => c.timeouts.firstByteMs, 30000],
    ['--idle-timeout-ms', 'LLM_BRIDGE_IDLE_TIMEOUT_MS', '45000', (c) => c.timeouts.idleMs, 45000],
    ['--keepalive-ms', 'LLM_BRIDGE_KEEPALIVE_MS', '5000', (c) => c.streams.keepaliveMs, 5000],
    ['--grammar-check-every', 'LLM_BRIDGE_GRAMMAR_CHECK_EVERY', '1', (c) => c.streams.grammarCheckEvery, 1],
    ['--client-stall-ms', 'LLM_BRIDGE_CLIENT_STALL_MS', '0', (c) => c.streams.clientStallMs, 0],
    ['--max-upstream-bytes', 'LLM_BRIDGE_MAX_UPSTREAM_BYTES', '1048576', (c) => c.streams.maxUpstreamBytes, 1048576],
    ['--drain-ms', 'LLM_BRIDGE_DRAIN_MS', '2500', (c) => c.drainMs, 2500],
    ['--request-log', 'LLM_BRIDGE_REQUEST_LOG', 'off', (c) => c.requestLog, false],
  ]

  test.each(cases)('%s and %s set the value, in both flag spellings', (flag, env, value, read, expected) => {
    expect(read(run([`${flag}=${value}`]))).toEqual(expected)
    expect(read(run([], { [env]: value }))).toEqual(expected)
    if (flag !== '--log-bodies') expect(read(run([flag, value]))).toEqual(expected)
  })

  test('a flag wins over its environment variable', () => {
    const env = { LLM_BRIDGE_PORT: '9000', LLM_BRIDGE_ALLOW_HOSTS: '10.0.0.1', LLM_BRIDGE_LOG_BODIES: 'true' }
    const config = run(['--port', '9100', '--allow-host', '192.168.1.0/24', '--log-bodies=false'], env)
    expect(config.port).toBe(9100)
    expect(config.allowHosts).toEqual(['192.168.1.0/24'])
    expect(config.logBodies).toBe(false)
  })

  test('--allow-host repeats, the variable is comma-separated, and empty items are ignored', () => {
    expect(run(['--allow-host', 'ollama.lan', '--allow-host=[::1]:8080']).allowHosts).toEqual(['ollama.lan', '[::1]:8080'])
    expect(run([], { LLM_BRIDGE_ALLOW_HOSTS: ' 10.0.0.0/8, ,localhost:11434 ' }).allowHosts).toEqual(['10.0.0.0/8', 'localhost:11434'])
  })

  test('an empty variable counts as unset', () => {
    expect(run([], { LLM_BRIDGE_PORT: '' }).port).toBe(8787)
  })

  test('the default public URL follows host and port, with wildcard binds shown as 127.0.0.1', () => {
    expect(run(['--port', '9000']).publicUrl).toBe('http://127.0.0.1:9000')
    expect(run(['--host', '0.0.0.0']).publicUrl).toBe('http://127.0.0.1:8787')
    expect(run(['--host', '::']).publicUrl).toBe('http://127.0.0.1:8787')
    expect(run(['--host', '192.168.1.5']).publicUrl).toBe('http://192.168.1.5:8787')
    expect(run(['--host', '[::1]']).host).toBe('::1')
    expect(defaultPublicUrl('::1', 80)).toBe('http://[::1]:80')
    expect(run(['--host', '0.0.0.0', '--public-url', 'https://b.example.com/llm/']).publicUrl).toBe('https://b.example.com/llm')
  })

  test('port 0 is allowed for a random port', () => {
    expect(run(['--port', '0']).port).toBe(0)
  })

  test('boolean values accept the usual spellings', () => {
    for (const yes of ['1', 'yes', 'on', 'TRUE']) expect(run([], { LLM_BRIDGE_LOG_BODIES: yes }).logBodies).toBe(true)
    for (const no of ['0', 'no', 'off', 'False']) expect(run([], { LLM_BRIDGE_LOG_BODIES: no }).logBodies).toBe(false)
  })

  test('help lists every flag with its variable and default', () => {
    const parsed = parseServerConfig(['--port', '1', '-h'], {})
    expect(parsed.kind).toBe('help')
    const text = parsed.kind === 'help' ? parsed.text : ''
    for (const [flag, env] of cases) {
      expect(text).toContain(flag)
      expect(text).toContain(env)
    }
    expect(text).toContain('default 8787')
    expect(text).toContain('default 127.0.0.1')
    expect(parseServerConfig(['--help'], {}).kind).toBe('help')
  })

  test('the request log is on by default and accepts on/off in both spellings', () => {
    expect(run([]).requestLog).toBe(true)
    expect(run(['--request-log', 'on']).requestLog).toBe(true)
    expect(run(['--request-log=off'], { LLM_BRIDGE_REQUEST_LOG: 'on' }).requestLog).toBe(false)
    expect(run([], { LLM_BRIDGE_REQUEST_LOG: 'OFF' }).requestLog).toBe(false)
  })

  test('help documents the stream, drain and request-log settings', () => {
    const parsed = parseServerConfig(['--help'], {})
    const text = parsed.kind === 'help' ? parsed.text : ''
    for (const name of ['--keepalive-ms', 'LLM_BRIDGE_CLIENT_STALL_MS', '--max-upstream-bytes', '--drain-ms', '--request-log on|off']) expect(text).toContain(name)
  })

  test('version comes from package.json', () => {
    for (const flag of ['--version', '-v']) {
      expect(parseServerConfig([flag], {})).toEqual({ kind: 'version', text: `llm-bridge ${pkg.version}` })
    }
  })

  test.each([
    ['--port must be an integer from 0 to 65535 (got "abc")', ['--port', 'abc'], {}],
    ['--port must be an integer from 0 to 65535', ['--port=70000'], {}],
    ['LLM_BRIDGE_PORT must be an integer', [], { LLM_BRIDGE_PORT: '-1' }],
    ['--port needs a value', ['--port'], {}],
    ['--port needs a value', ['--port', '--host', 'x'], {}],
    ['--max-body-bytes must be an integer from 1', ['--max-body-bytes', '0'], {}],
    ['--retry-max-attempts must be an integer from 1 to 10', ['--retry-max-attempts', '0'], {}],
    ['LLM_BRIDGE_RETRY_MAX_DELAY_MS must be an integer', [], { LLM_BRIDGE_RETRY_MAX_DELAY_MS: '1.5' }],
    ['--deadline-ms must be an integer from 1', ['--deadline-ms', '0'], {}],
    ['--connect-timeout-ms must be an integer', ['--connect-timeout-ms', 'soon'], {}],
    ['--first-byte-timeout-ms must be an integer', ['--first-byte-timeout-ms=-5'], {}],
    ['LLM_BRIDGE_IDLE_TIMEOUT_MS must be an integer', [], { LLM_BRIDGE_IDLE_TIMEOUT_MS: '1e3' }],
    ['--log-bodies must be true or false (got "maybe")', ['--log-bodies=maybe'], {}],
    ['LLM_BRIDGE_LOG_BODIES must be true or false', [], { LLM_BRIDGE_LOG_BODIES: 'sure' }],
    ['--request-log must be on or off (got "sometimes")', ['--request-log', 'sometimes'], {}],
    ['--request-log needs a value', ['--request-log'], {}],
    ['--keepalive-ms must be an integer from 0', ['--keepalive-ms', '-1'], {}],
    ['LLM_BRIDGE_DRAIN_MS must be an integer from 0 to 3600000', [], { LLM_BRIDGE_DRAIN_MS: '99999999' }],
    ['--host must be a host name or IP address', ['--host', 'bad host'], {}],
    ['--data-dir must not be empty', ['--data-dir='], {}],
    ['--public-url must be an absolute http(s) URL', ['--public-url', 'bridge.example.com'], {}],
    ['--public-url must use http or https', ['--public-url', 'ftp://bridge.example.com'], {}],
    ['LLM_BRIDGE_PUBLIC_URL must not contain credentials', [], { LLM_BRIDGE_PUBLIC_URL: 'https://u:p@b.example.com' }],
    ['--allow-host: Invalid allow-host entry "http://127.0.0.1"', ['--allow-host', 'http://127.0.0.1'], {}],
    ['LLM_BRIDGE_ALLOW_HOSTS: Invalid allow-host entry "10.0.0.0/99"', [], { LLM_BRIDGE_ALLOW_HOSTS: 'ok.lan,10.0.0.0/99' }],
    ['Unknown option --bogus (see --help)', ['--bogus'], {}],
    ['Unknown option --bogus (see --help)', ['--bogus=1'], {}],
    ['Unexpected argument "serve" (see --help)', ['serve'], {}],
    ['Unexpected argument "false"', ['--log-bodies', 'false'], {}],
  ] as [string, string[], Record<string, string>][])('rejects bad input with one line: %s', (message, argv, env) => {
    expect(errorOf(argv, env)).toStartWith(message)
  })
})
