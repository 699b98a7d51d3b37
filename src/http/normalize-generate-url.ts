/**
 * Both generate-url body versions → the one ProxyConfig sealed in a token. The body is already
 * schema-valid here; this adds what a schema cannot say: catalog lookups, presets filling what
 * the body leaves out, and the rules that tie fields together. Every error names its field.
 */
import { DEFAULT_SERVER_CONFIG } from '../config.ts'
import { fillBaseUrl } from '../core/catalog/fill-base-url.ts'
import { findProvider } from '../core/catalog/providers.ts'
import type { ProviderPreset } from '../core/catalog/provider-preset.ts'
import { BridgeError } from '../core/errors.ts'
import type { ProtocolId } from '../core/model/index.ts'
import type { ModelPolicy, ProxyConfig, UpstreamAuth } from '../core/proxy-config.ts'
import type { GenerateUrlV1Body, GenerateUrlV2Body } from './generate-url-schema.ts'
import { hasControlCharacter } from '../core/control-characters.ts'

export type NormalizeDeps = { newTokenId: () => string; nowSeconds: () => number }

const invalid = (field: string, message: string) => BridgeError.invalidRequest(`${field}: ${message}`)

export function normalizeGenerateUrl(body: GenerateUrlV1Body | GenerateUrlV2Body, deps: NormalizeDeps): ProxyConfig {
  return body.version === 1 ? normalizeV1(body, deps) : normalizeV2(body, deps)
}

function normalizeV1(body: GenerateUrlV1Body, deps: NormalizeDeps): ProxyConfig {
  const map = checkedMap(body.modelMap, 'modelMap')
  const model: ModelPolicy = map !== undefined && Object.keys(map).length > 0 ? { mode: 'map', map } : { mode: 'passthrough' }
  return {
    tokenId: deps.newTokenId(),
    source: { protocol: body.sourceProtocol },
    target: { protocol: body.targetProtocol, baseUrl: checkedBaseUrl(body.targetBaseUrl, 'targetBaseUrl'), auth: body.auth },
    model,
    endpoints: { mode: 'auto' },
  }
}

function normalizeV2(body: GenerateUrlV2Body, deps: NormalizeDeps): ProxyConfig {
  if (body.source.provider !== undefined) knownProvider(body.source.provider, 'source.provider')
  const preset = body.target.provider === undefined ? undefined : knownProvider(body.target.provider, 'target.provider')
  const protocol = targetProtocol(body.target.protocol, preset)
  const baseUrlText = body.target.baseUrl ?? preset?.defaultBaseUrl
  if (baseUrlText === undefined) throw invalid('target.baseUrl', 'required when target.provider is not given')
  const auth = targetAuth(body.target.auth, preset)
  // A regional preset URL takes the region its requests are signed for.
  const baseUrl = body.target.baseUrl ?? fillBaseUrl(baseUrlText, auth)
  if (baseUrl === undefined) throw invalid('target.auth.region', 'an AWS region such as us-east-1, which names the endpoint')
  const config: ProxyConfig = {
    tokenId: deps.newTokenId(),
    source: body.source.provider === undefined ? { protocol: body.source.protocol } : { protocol: body.source.protocol, provider: body.source.provider },
    target: {
      protocol,
      baseUrl: checkedBaseUrl(baseUrl, 'target.baseUrl'),
      auth,
    },
    model: modelPolicy(body.model),
    endpoints: { mode: body.endpoints?.mode ?? 'auto' },
  }
  if (preset !== undefined) config.target.provider = preset.id
  if (body.label !== undefined) config.label = body.label
  if (body.expiresInSeconds !== undefined) config.expiresAt = deps.nowSeconds() + body.expiresInSeconds
  if (body.retry !== undefined) config.retry = { maxAttempts: body.retry.maxAttempts, maxDelayMs: body.retry.maxDelayMs ?? DEFAULT_SERVER_CONFIG.retry.maxDelayMs }
  return config
}

function knownProvider(id: string, field: string): ProviderPreset {
  const preset = findProvider(id)
  // The id is not echoed: a key pasted into the wrong field would come back in the answer.
  if (preset === undefined) throw invalid(field, 'unknown provider; GET /api/catalog lists the provider ids')
  return preset
}

function targetProtocol(protocol: ProtocolId | undefined, preset: ProviderPreset | undefined): ProtocolId {
  if (preset === undefined) {
    if (protocol === undefined) throw invalid('target.protocol', 'required when target.provider is not given')
    return protocol
  }
  // A preset's base URL and quirks belong to its protocol: another protocol needs another base URL.
  if (protocol !== undefined && protocol !== preset.protocol) {
    throw invalid('target.protocol', `provider ${preset.id} speaks ${preset.protocol}; omit target.provider to use ${protocol}`)
  }
  return preset.protocol
}

type BodyAuth = NonNullable<GenerateUrlV2Body['target']['auth']>

function targetAuth(auth: BodyAuth | undefined, preset: ProviderPreset | undefined): UpstreamAuth {
  if (auth === undefined) {
    if (preset === undefined) throw invalid('target.auth', 'required when target.provider is not given')
    if (preset.authType === 'none') return { type: 'none' }
    throw invalid('target.auth', `required: provider ${preset.id} needs a key, e.g. {"token": "..."}`)
  }
  if (!('type' in auth)) {
    if (preset === undefined) throw invalid('target.auth.type', 'required when target.provider is not given')
    if (preset.authType !== 'bearer' && preset.authType !== 'x-api-key') {
      throw invalid('target.auth.type', `required: provider ${preset.id} uses ${preset.authType} auth`)
    }
    return { type: preset.authType, token: auth.token }
  }
  // The preset's auth type is how the provider accepts keys; another type would be refused upstream.
  if (preset !== undefined && auth.type !== preset.authType) {
    throw invalid('target.auth.type', `provider ${preset.id} uses ${preset.authType}; omit target.provider to use ${auth.type}`)
  }
  return auth
}

/** Keeps only the fields the mode uses, so tokens stay short and carry no dead settings. */
function modelPolicy(model: GenerateUrlV2Body['model']): ModelPolicy {
  if (model === undefined) return { mode: 'passthrough' }
  const strip = model.stripClientSuffix === undefined ? {} : { stripClientSuffix: model.stripClientSuffix }
  switch (model.mode) {
    case 'force':
      if (model.force === undefined) throw invalid('model.force', 'required when model.mode is "force"')
      return { mode: 'force', force: model.force }
    case 'map': {
      const map = checkedMap(model.map, 'model.map')
      if (map === undefined || Object.keys(map).length === 0) {
        throw invalid('model.map', 'required (at least one entry) when model.mode is "map"')
      }
      return { mode: 'map', map, ...strip }
    }
    case 'passthrough':
      return { mode: 'passthrough', ...strip }
  }
}

const MAX_MAP_ENTRIES = 64

/** Values are checked by the schema; keys are model names too and must be header-safe. */
function checkedMap(map: Record<string, string> | undefined, field: string): Record<string, string> | undefined {
  if (map === undefined) return undefined
  const keys = Object.keys(map)
  if (keys.length > MAX_MAP_ENTRIES) throw invalid(field, `at most ${MAX_MAP_ENTRIES} entries`)
  for (const key of keys) {
    if (key === '' || key.length > 256 || hasControlCharacter(key)) {
      throw invalid(`${field}[${JSON.stringify(key)}]`, 'a model name (or prefix ending in *) without CR, LF or other control characters')
    }
  }
  return map
}

/** A base URL as the protocol's SDK takes it: http(s), no credentials, no query or fragment. */
function checkedBaseUrl(text: string, field: string): string {
  // A preset's default with a placeholder (Azure's {resource}, Vertex's {project}) parses as a URL
  // but can never resolve: the user must fill it in.
  const placeholder = /\{([^{}]+)\}/.exec(text)
  if (placeholder !== null) throw invalid(field, `fill in {${placeholder[1]}} (${text})`)
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw invalid(field, 'expected an absolute http(s) URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(field, 'expected an http or https URL')
  if (url.username !== '' || url.password !== '') throw invalid(field, 'must not contain a user name or password; put keys in target.auth')
  if (url.search !== '' || url.hash !== '') throw invalid(field, 'must not contain a query string or fragment')
  // Stored without a trailing slash so the proxy can append paths uniformly.
  return url.href.replace(/\/+$/, '')
}
