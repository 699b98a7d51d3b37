/**
 * POST /api/generate-url: validate (either body version) → normalise into a ProxyConfig → check
 * egress at mint → seal → the proxy URL and paste-ready snippets.
 */
import type { Static } from '@sinclair/typebox'
import type { ServerConfig } from '../config.ts'
import { newTokenId, sealToken, type KeyRing } from '../core/url-token/index.ts'
import { recordMint } from '../token-registry/record-mint.ts'
import type { TokenRegistry } from '../token-registry/index.ts'
import { checkEgress } from '../upstream/egress/index.ts'
import { apiModule } from './api-module.ts'
import { COMMON_ERROR_ANSWERS, errorAnswer } from './error-envelope-schema.ts'
import { GenerateUrlAnswerSchema, GenerateUrlBodySchema } from './generate-url-schema.ts'
import { normalizeGenerateUrl } from './normalize-generate-url.ts'
import { mintPolicyOf, refuseMint } from './mint-policy.ts'
import { buildSnippets, exampleModel } from './snippets.ts'
import { buildUrlProbe } from './url-probe.ts'
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

export type GenerateUrlAnswer = Static<typeof GenerateUrlAnswerSchema>

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
  return apiModule('generate-url-api').post('/api/generate-url', ({ body }) => generateUrl(body, deps), {
    parse: 'json',
    // Before the body is checked: who may not mint learns nothing about the body.
    transform: ({ request }) => {
      const refused = refuseMint(request, mintPolicyOf(deps.config), deps.adminKey ?? '')
      if (refused !== undefined) throw refused
    },
    body: GenerateUrlBodySchema,
    response: {
      200: GenerateUrlAnswerSchema,
      400: errorAnswer('INVALID_JSON: the body is not JSON or breaks the schema (the message names the field); EGRESS_DENIED: the upstream is not allowed'),
      401: errorAnswer('MISSING_TOKEN or INVALID_TOKEN: minting needs the admin key (--mint admin, the default on a non-loopback bind)'),
      413: errorAnswer('PAYLOAD_TOO_LARGE: the body is over the server\'s limit'),
      ...COMMON_ERROR_ANSWERS,
    },
    detail: {
      summary: 'Mint a proxy URL',
      description: 'Seals the upstream, its key and the model policy into a URL; answers it with paste-ready snippets.',
      tags: ['urls'],
      operationId: 'generateUrl',
    },
  })
}
