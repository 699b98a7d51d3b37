/**
 * Joins the target base URL and a path relative to it, following each protocol's SDK convention
 * for what the base URL contains:
 * - OpenAI family: the base includes the version (`https://api.openai.com/v1`, `…/openai/v1`);
 *   paths are `chat/completions`, so a client path `v1/chat/completions` loses its `v1/`.
 * - Anthropic: the base has no version (`https://api.anthropic.com`); paths are `v1/messages`.
 * - Gemini: `v1beta/models/{model}:generateContent`; Bedrock: `model/{modelId}/converse`.
 * A version segment that ends the base and starts the path is not doubled.
 * Azure (auth type azure) gets its own two URL shapes (azure-openai.md §2, §3).
 * @see ../../../shared/protocols/azure-openai.md
 */
import type { ProxyConfig } from '../core/proxy-config.ts'

export type UpstreamTarget = Pick<ProxyConfig['target'], 'protocol' | 'baseUrl' | 'auth'>

/** The GA api-version used when an Azure deployment URL is configured without one. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21'

/** Operations the Azure client routes through `/deployments/{deployment}/` (azure-openai.md §2). */
const AZURE_DEPLOYMENT_SCOPED = /^(chat\/completions|completions|embeddings|audio\/|images\/)/

/**
 * @param path relative path, possibly with its own query (`…:streamGenerateContent?alt=sse`)
 * @param extraQuery forwarded client query parameters (already stripped of secrets)
 */
export function buildUpstreamUrl(target: UpstreamTarget, path: string, extraQuery?: URLSearchParams): URL {
  // The join is a pure function of (protocol, base URL, path) outside Azure: remembered as text,
  // so the hot path parses one URL instead of rebuilding it through three URL mutations.
  const plain = target.auth.type !== 'azure' && (extraQuery === undefined || extraQuery.size === 0)
  const key = plain ? `${target.protocol}|${target.baseUrl}|${path}` : undefined
  const known = key === undefined ? undefined : joined.get(key)
  if (known !== undefined) return new URL(known)
  const url = buildFresh(target, path, extraQuery)
  if (key !== undefined) {
    if (joined.size >= MAX_JOINED) joined.clear()
    joined.set(key, url.href)
  }
  return url
}

const MAX_JOINED = 1024
const joined = new Map<string, string>()

function buildFresh(target: UpstreamTarget, path: string, extraQuery?: URLSearchParams): URL {
  const [rawPath = '', pathQuery = ''] = path.split('?', 2)
  const relative = rawPath.replace(/^\/+/, '')
  const url = target.auth.type === 'azure'
    ? buildAzureUrl(target.baseUrl, target.auth, relative)
    : joinPath(target.baseUrl, conventionalPath(target.protocol, relative, target.baseUrl))
  for (const [key, value] of new URLSearchParams(pathQuery)) url.searchParams.append(key, value)
  if (extraQuery) for (const [key, value] of extraQuery) if (!url.searchParams.has(key)) url.searchParams.append(key, value)
  return url
}

function conventionalPath(protocol: UpstreamTarget['protocol'], relative: string, baseUrl: string): string {
  switch (protocol) {
    case 'openai':
    case 'openai-responses':
      return relative.replace(/^v1\//, '')
    case 'anthropic':
      return relative.startsWith('v1/') || lastSegment(baseUrl) === 'v1' ? relative : `v1/${relative}`
    case 'gemini':
    case 'bedrock':
      return relative
  }
}

function joinPath(baseUrl: string, relative: string): URL {
  const base = new URL(baseUrl)
  const basePath = base.pathname.replace(/\/+$/, '')
  const segments = relative.split('/')
  // A base ending in `/v1` and a path starting with `v1/` mean the same segment once.
  if (segments.length > 1 && segments[0] !== '' && basePath.endsWith(`/${segments[0]}`)) segments.shift()
  base.pathname = `${basePath}/${segments.join('/')}`
  base.search = ''
  base.hash = ''
  return base
}

function buildAzureUrl(baseUrl: string, auth: { apiVersion?: string; deployment?: string }, relative: string): URL {
  const root = new URL(baseUrl)
  const rootPath = root.pathname.replace(/\/+$/, '').replace(/\/openai(\/v1)?$/, '')
  const operation = relative.replace(/^(openai\/)?(v1\/)?/, '')
  root.search = ''
  root.hash = ''
  if (auth.deployment !== undefined && AZURE_DEPLOYMENT_SCOPED.test(operation)) {
    root.pathname = `${rootPath}/openai/deployments/${encodeURIComponent(auth.deployment)}/${operation}`
    root.searchParams.set('api-version', auth.apiVersion ?? DEFAULT_AZURE_API_VERSION)
  } else if (auth.apiVersion !== undefined || auth.deployment !== undefined) {
    root.pathname = `${rootPath}/openai/${operation}`
    root.searchParams.set('api-version', auth.apiVersion ?? DEFAULT_AZURE_API_VERSION)
  } else {
    // The v1 API (GA since Aug 2025): no api-version, deployment name in the body's model.
    root.pathname = `${rootPath}/openai/v1/${operation}`
  }
  return root
}

function lastSegment(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '').split('/').pop() ?? ''
}
