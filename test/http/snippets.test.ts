import { describe, expect, test } from 'bun:test'
import { PROTOCOL_IDS } from '../../src/core/model/index.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import type { ProxyConfig } from '../../src/core/proxy-config.ts'
import { buildSnippets, exampleModel, shellQuote } from '../../src/http/snippets.ts'

const PUBLIC = 'http://127.0.0.1:8787'
const PROXY = `${PUBLIC}/proxy/lb1_TOKEN`

function config(overrides: Partial<ProxyConfig> = {}): ProxyConfig {
  return {
    tokenId: 'id',
    source: { protocol: 'anthropic' },
    target: { protocol: 'openai', provider: 'groq', baseUrl: 'https://api.groq.com/openai/v1', auth: { type: 'bearer', token: 'k' } },
    model: { mode: 'force', force: 'llama-3.3-70b-versatile' },
    endpoints: { mode: 'auto' },
    ...overrides,
  }
}

const snippets = (overrides: Partial<ProxyConfig> = {}) => buildSnippets({ config: config(overrides), proxyUrl: PROXY, publicUrl: PUBLIC })

/** Runs the curl example through sh with `curl` replaced by a function printing its arguments. */
async function shellArguments(command: string): Promise<string[]> {
  const script = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${command}\n`
  const process = Bun.spawn(['sh', '-c', script], { stdout: 'pipe' })
  const output = await new Response(process.stdout).text()
  await process.exited
  return output.split('\0').slice(0, -1)
}

describe('env blocks per source protocol', () => {
  test('anthropic: base URL and an auth token, as Claude Code and the SDKs read them', () => {
    expect(snippets().envBlock).toBe(`ANTHROPIC_BASE_URL=${PROXY}\nANTHROPIC_AUTH_TOKEN=any-value`)
  })
  test('openai: the base URL ends in /v1', () => {
    expect(snippets({ source: { protocol: 'openai' } }).envBlock).toBe(`OPENAI_BASE_URL=${PROXY}/v1\nOPENAI_API_KEY=any-value`)
  })
  test('a protocol without a codec in this build says so instead of a snippet that cannot work', () => {
    const missing = PROTOCOL_IDS.filter((id) => findCodec(id) === undefined)
    for (const protocol of missing) {
      const result = snippets({ source: { protocol } })
      expect(result.envBlock).toBe(`# The ${protocol} protocol is not available in this build.`)
      expect(result.curlExample).toBe(result.envBlock)
    }
  })
})

describe('curl example', () => {
  test('anthropic: POST /v1/messages intact through a shell, naming a client model rather than the forced upstream one', async () => {
    const args = await shellArguments(snippets().curlExample)
    expect(args[0]).toBe(`${PROXY}/v1/messages`)
    expect(args).toContain('anthropic-version: 2023-06-01')
    const body = JSON.parse(args.at(-1) ?? '') as { model: string; max_tokens: number }
    expect(body).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 256 })
  })

  test('a map uses its first exact client model name', async () => {
    const args = await shellArguments(snippets({ model: { mode: 'map', map: { 'claude-*': 'x', 'claude-sonnet-4-5': 'y' } } }).curlExample)
    expect((JSON.parse(args.at(-1) ?? '') as { model: string }).model).toBe('claude-sonnet-4-5')
  })

  test('a map with only prefix keys sends a client name the widest-matching key catches, never an upstream name', () => {
    expect(exampleModel(config({ model: { mode: 'map', map: { 'claude-*': 'kimi-k2', '*': 'llama-3.3-70b-versatile' } } }))).toBe('claude-sonnet-4-5')
    expect(exampleModel(config({ model: { mode: 'map', map: { '*': 'llama-3.3-70b-versatile' } } }))).toBe('claude-sonnet-4-5')
    expect(exampleModel(config({ source: { protocol: 'openai' }, model: { mode: 'map', map: { 'o3*': 'deepseek-r1' } } }))).toBe('o3')
  })

  test('a model name with a quote survives the shell', async () => {
    const args = await shellArguments(snippets({ source: { protocol: 'openai' }, model: { mode: 'map', map: { "it's-a-model": 'x' } } }).curlExample)
    expect(args[0]).toBe(`${PROXY}/v1/chat/completions`)
    expect((JSON.parse(args.at(-1) ?? '') as { model: string }).model).toBe("it's-a-model")
  })

  test('shellQuote closes and reopens around a quote', () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`)
  })
})

describe('notes', () => {
  test('offer the token-as-API-key alternative and warn that the URL is a credential', () => {
    const notes = snippets().notes.join('\n')
    expect(notes).toContain(`${PUBLIC}/proxy`)
    expect(notes).toContain('spend that key')
  })

  test('name the groups a provider does not serve, with its docs', () => {
    const notes = snippets({ source: { protocol: 'openai' } }).notes.find((note) => note.includes('UNSUPPORTED_ENDPOINT')) ?? ''
    expect(notes).toContain('embeddings')
    expect(notes).toContain('https://console.groq.com/docs/openai')
    expect(notes).not.toMatch(/\bfiles\b/)
  })

  test('say in advance, from the plan, what the bridge answers itself and which groups it refuses', () => {
    const notes = snippets().notes
    expect(notes).toContain('Answered by the bridge itself: count_tokens (counted by the bridge: exact for OpenAI models, an estimate otherwise), models (the model names this URL accepts).')
    expect(notes.find((note) => note.includes('UNSUPPORTED_ENDPOINT'))).toStartWith('These endpoints answer UNSUPPORTED_ENDPOINT on this URL: batches, files (what Groq serves:')
  })

  test('a URL passing model names through says its model list is the provider\'s own, translated', () => {
    const notes = snippets({ model: { mode: 'passthrough' } }).notes
    expect(notes).toContain('Model lists are the provider\'s own list, translated to this client\'s format.')
    expect(notes.join('\n')).not.toContain('the model names this URL accepts')
  })

  test('a same-protocol URL to a provider serving every group has no refusal note', () => {
    const anthropic = snippets({ target: { protocol: 'anthropic', provider: 'anthropic', baseUrl: 'https://api.anthropic.com', auth: { type: 'x-api-key', token: 'k' } } })
    expect(anthropic.notes.join('\n')).not.toContain('UNSUPPORTED_ENDPOINT')
  })

  test('name --allow-host for a local upstream', () => {
    const ollama = snippets({ source: { protocol: 'openai' }, target: { protocol: 'openai', provider: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', auth: { type: 'none' } } })
    expect(ollama.notes.join('\n')).toContain('--allow-host 127.0.0.1:11434')
  })

  test('say chat cannot work when passthrough mode meets two protocols', () => {
    expect(snippets({ endpoints: { mode: 'passthrough' } }).notes.join('\n')).toContain('UNSUPPORTED_ENDPOINT')
  })

  test('warn that a wildcard bind with a loopback public URL mints URLs that work on this machine only', () => {
    const open = buildSnippets({ config: config(), proxyUrl: PROXY, publicUrl: PUBLIC, bindHost: '0.0.0.0' }).notes.join('\n')
    expect(open).toContain('--public-url')
    const named = buildSnippets({ config: config(), proxyUrl: PROXY, publicUrl: 'http://bridge.lan:8787', bindHost: '0.0.0.0' }).notes.join('\n')
    expect(named).not.toContain('--public-url')
    expect(snippets().notes.join('\n')).not.toContain('--public-url')
  })

  test('give the expiry time', () => {
    expect(snippets({ expiresAt: 0 }).notes.join('\n')).toContain('1970-01-01T00:00:00.000Z')
  })
})
