/**
 * POST /api/generate-url: validate (either body version) → normalise into a ProxyConfig → check
 * egress at mint → seal → the proxy URL and paste-ready snippets.
 */
import { Elysia } from 'elysia'
import type { ServerConfig } from '../config.ts'
import { newTokenId, sealToken, type KeyRing } from '../core/url-token/index.ts'
import { recordMint } from '../token-registry/record-mint.ts'
import type { TokenRegistry } from '../token-registry/index.ts'
import { checkEgress } from '../upstream/egress/index.ts'
import { normalizeGenerateUrl } from './normalize-generate-url.ts'
import { mintPolicyOf, refuseMint } from './mint-policy.ts'
import { buildSnippets, exampleModel, type Snippets } from './snippets.ts'
import { buildUrlProbe, type UrlProbe } from './url-probe.ts'
import { validateGenerateUrlBody } from './validate-generate-url.ts'

export type GenerateUrlDeps = {
  config: ServerConfig
  keyRing: KeyRing
  /** Checked when the mint policy is admin (mint-policy.ts); none means no request can pass then. */
  adminKey?: string
  /** Injected in tests; the real egress policy otherwise. */
  checkEgress?: typeof checkEgress
  nowSeconds?: () => number
  /** Where minted URLs are recorded (for listing and revocation); none in tests that do not need it. */
  tokens?: TokenRegistry
}

/** `probe`: the console's test request and model list for this URL (url-probe.ts). */
export type GenerateUrlAnswer = { proxyUrl: string; tokenId: string; expiresAt?: number; snippets: Snippets; probe?: UrlProbe }

export async function generateUrl(body: unknown, deps: GenerateUrlDeps): Promise<GenerateUrlAnswer> {
  const valid = validateGenerateUrlBody(body)
  const nowSeconds = deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000))
  const config = normalizeGenerateUrl(valid, { newTokenId, nowSeconds })
  // Read at request time: main.ts fills in the real port and public URL after listening on port 0.
  const { allowHosts, port, publicUrl, host } = deps.config
  await (deps.checkEgress ?? checkEgress)(new URL(config.target.baseUrl), { allowHosts, ownPorts: [port] }, 'mint')
  const token = await sealToken(config, deps.keyRing)
  if (deps.tokens !== undefined) recordMint(deps.tokens, config, valid, deps.keyRing.current)
  const proxyUrl = `${publicUrl}/proxy/${token}`
  const answer: GenerateUrlAnswer = { proxyUrl, tokenId: config.tokenId, snippets: buildSnippets({ config, proxyUrl, publicUrl, bindHost: host }) }
  if (config.expiresAt !== undefined) answer.expiresAt = config.expiresAt
  const probe = buildUrlProbe(config, exampleModel(config))
  if (probe !== undefined) answer.probe = probe
  return answer
}

export function generateUrlApi(deps: GenerateUrlDeps) {
  return new Elysia({ name: 'generate-url-api' }).post('/api/generate-url', ({ body, request }) => {
    const refused = refuseMint(request, mintPolicyOf(deps.config), deps.adminKey ?? '')
    if (refused !== undefined) throw refused
    return generateUrl(body, deps)
  })
}
