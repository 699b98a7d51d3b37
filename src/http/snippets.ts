/**
 * What the user pastes after minting a URL: the environment lines the usual clients of the source
 * protocol read, a curl that works as pasted, and honest caveats about this configuration.
 */
import { loopbackPublicUrlWarning } from '../loopback-public-url-warning.ts'
import { findProvider } from '../core/catalog/providers.ts'
import type { ProtocolCodec } from '../core/protocols/codec.ts'
import { findCodec } from '../core/protocols/index.ts'
import { endpointNotes } from './endpoint-notes.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'

export type Snippets = { proxyUrl: string; envBlock: string; curlExample: string; notes: string[] }

export type SnippetInput = {
  config: ProxyConfig
  proxyUrl: string
  publicUrl: string
  /** The interface the server listens on: a wildcard bind with a loopback public URL gets a note. */
  bindHost?: string
}

/** Clients need some key to send; the bridge ignores it (the URL carries the real one). */
const ANY_KEY = 'any-value'

export function buildSnippets(input: SnippetInput): Snippets {
  const { config, proxyUrl } = input
  const source = findCodec(config.source.protocol)
  const missing = `# The ${config.source.protocol} protocol is not available in this build.`
  return {
    proxyUrl,
    envBlock: source === undefined ? missing : source.client.envVars(proxyUrl, ANY_KEY).join('\n'),
    curlExample: source === undefined ? missing : curlExample(source, proxyUrl, exampleModel(config)),
    notes: notes(input),
  }
}

/**
 * The model the client names, never the upstream's (the bridge maps it): an exact client name
 * from the map, else a typical client name that a `prefix*` key catches; under "force" any name
 * works, so the typical one; under "passthrough" client and upstream names are the same.
 */
export function exampleModel(config: ProxyConfig): string {
  const { model } = config
  const typical = findCodec(config.source.protocol)?.client.exampleModel ?? 'MODEL_NAME'
  if (model.mode === 'force') return typical
  if (model.mode === 'map' && model.map !== undefined) {
    const keys = Object.keys(model.map)
    const exact = keys.find((key) => !key.endsWith('*'))
    if (exact !== undefined) return exact
    const prefixes = keys.map((key) => key.slice(0, -1)).sort((a, b) => b.length - a.length)
    const prefix = prefixes.find((candidate) => candidate !== '')
    if (prefix === undefined || typical.startsWith(prefix)) return typical
    return prefix
  }
  const preset = config.target.provider === undefined ? undefined : findProvider(config.target.provider)
  const presetModel = preset?.models?.find((info) => !info.id.endsWith('*'))?.id ?? preset?.models?.[0]?.id.replace(/\*$/, '')
  return presetModel ?? 'MODEL_NAME'
}

/** POSIX single quoting: the one character that needs care is the quote itself. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}

function curlExample(source: ProtocolCodec, proxyUrl: string, model: string): string {
  const example = source.client.exampleRequest(model)
  return curl(`${proxyUrl}/${example.path}`, ['content-type: application/json', ...example.headers], example.body)
}

function curl(url: string, headers: string[], body: unknown): string {
  const lines = [`curl ${shellQuote(url)}`, ...headers.map((header) => `-H ${shellQuote(header)}`), `-d ${shellQuote(JSON.stringify(body))}`]
  return lines.join(' \\\n  ')
}

function notes(input: SnippetInput): string[] {
  const { config, publicUrl } = input
  const source = config.source.protocol
  const target = config.target.protocol
  const preset = config.target.provider === undefined ? undefined : findProvider(config.target.provider)
  const out = [
    'This URL carries your upstream key (encrypted): anyone who has it can spend that key. Treat it like the key itself.',
    `To keep the token out of URLs (and out of reverse-proxy logs), use the base URL ${publicUrl}/proxy and send the token as the API key (x-api-key or Authorization: Bearer).`,
  ]
  if (source !== target && (findCodec(source) === undefined || findCodec(target) === undefined)) {
    out.push(`Translation between ${source} and ${target} is not available in this build yet.`)
  }
  out.push(...endpointNotes(config, preset))
  if (isLocalUrl(config.target.baseUrl)) {
    const host = new URL(config.target.baseUrl).host
    out.push(`The upstream ${host} is a local address: the bridge reaches it only while started with --allow-host ${host} (it is checked again on every request).`)
  }
  if (config.expiresAt !== undefined) out.push(`The URL expires at ${new Date(config.expiresAt * 1000).toISOString()}.`)
  const exposure = input.bindHost === undefined ? undefined : loopbackPublicUrlWarning(input.bindHost, publicUrl)
  if (exposure !== undefined) out.push(exposure)
  if (config.model.mode === 'passthrough') out.push('Model names are sent to the upstream as the client names them; use model mode "map" or "force" to rename them.')
  return out
}

/** Only a hint for the note: the egress check at mint and at use is what enforces the policy. */
function isLocalUrl(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || /^127\./.test(host) || host === '::1' || /^(10|192\.168)\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host)
}
