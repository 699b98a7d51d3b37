/**
 * Joins the target base URL and a path relative to it, following the target protocol's SDK
 * convention for what the base URL contains (its codec's `upstream.upstreamPath`: OpenAI's base
 * includes the version, Anthropic's does not). A version segment that ends the base and starts
 * the path is not doubled. Azure (auth type azure) gets its own two URL shapes (azure-openai.md
 * §2, §3).
 * @see ../../../shared/protocols/azure-openai.md
 */
import type { UpstreamConvention } from '../core/protocols/codec.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'

export type UpstreamTarget = Pick<ProxyConfig['target'], 'baseUrl' | 'auth'>
export type PathConvention = Pick<UpstreamConvention, 'upstreamPath'>

/** The GA api-version used when an Azure deployment URL is configured without one. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21'

/** Operations the Azure client routes through `/deployments/{deployment}/` (azure-openai.md §2). */
const AZURE_DEPLOYMENT_SCOPED = /^(chat\/completions|completions|embeddings|audio\/|images\/)/

/**
 * @param path relative path, possibly with its own query (`…:streamGenerateContent?alt=sse`)
 * @param extraQuery forwarded client query parameters (already stripped of secrets)
 */
export function buildUpstreamUrl(target: UpstreamTarget, convention: PathConvention, path: string, extraQuery?: URLSearchParams): URL {
  // The join is a pure function of (convention, base URL, path) outside Azure: remembered as
  // text, so the hot path parses one URL instead of rebuilding it through three URL mutations.
  const plain = target.auth.type !== 'azure' && (extraQuery === undefined || extraQuery.size === 0)
  const cache = plain ? cacheOf(convention) : undefined
  const key = `${target.baseUrl}|${path}`
  const known = cache?.get(key)
  if (known !== undefined) return new URL(known)
  const url = buildFresh(target, convention, path, extraQuery)
  if (cache !== undefined) {
    if (cache.size >= MAX_JOINED) cache.clear()
    cache.set(key, url.href)
  }
  return url
}

const MAX_JOINED = 1024
const joined = new WeakMap<PathConvention, Map<string, string>>()

function cacheOf(convention: PathConvention): Map<string, string> {
  let cache = joined.get(convention)
  if (cache === undefined) joined.set(convention, (cache = new Map()))
  return cache
}

function buildFresh(target: UpstreamTarget, convention: PathConvention, path: string, extraQuery?: URLSearchParams): URL {
  const [rawPath = '', pathQuery = ''] = path.split('?', 2)
  const relative = rawPath.replace(/^\/+/, '')
  const url = target.auth.type === 'azure'
    ? buildAzureUrl(target.baseUrl, target.auth, relative)
    : joinPath(target.baseUrl, convention.upstreamPath(relative, lastSegment(target.baseUrl)))
  for (const [key, value] of new URLSearchParams(pathQuery)) url.searchParams.append(key, value)
  if (extraQuery) for (const [key, value] of extraQuery) if (!url.searchParams.has(key)) url.searchParams.append(key, value)
  return url
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
