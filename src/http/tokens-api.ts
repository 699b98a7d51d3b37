/**
 * GET /api/tokens (the minted URLs, newest first, with last use and request count from the log)
 * and DELETE /api/tokens/:id (revoke, effective at once and after restarts). Admin only, as the
 * metrics are: a URL token is not enough, and on a loopback bind the machine's owner is the admin.
 */
import { BridgeError } from '../core/errors.ts'
import type { KeyRing } from '../core/url-token/index.ts'
import { revokeToken, type TokenRegistry } from '../token-registry/index.ts'
import { authorizeAdmin, type AdminAuthDeps } from './admin-auth.ts'
import { apiModule } from './api-module.ts'
import { COMMON_ERROR_ANSWERS, errorAnswer } from './error-envelope-schema.ts'
import { RevokeAnswerSchema, TokenIdParamsSchema, TokenListSchema } from './tokens-schema.ts'

export type TokensApiDeps = { access: AdminAuthDeps; tokens: TokenRegistry; keyRing: KeyRing }

const UNAUTHORIZED = errorAnswer('MISSING_TOKEN / INVALID_TOKEN: no admin key, or not the admin key (a URL token is not enough)')

export function tokensApi(deps: TokensApiDeps) {
  return apiModule('tokens-api')
    // A transform: the admin key is checked before the path is, so a stranger learns nothing from it.
    .derive({ as: 'local' }, async ({ request, set }) => {
      set.headers['cache-control'] = 'no-store'
      const refused = await authorizeAdmin(request, deps.access)
      if (refused !== undefined) throw refused
      return {}
    })
    .get('/api/tokens', () => ({ tokens: deps.tokens.list(), usageRecorded: deps.tokens.usageRecorded }), {
      response: { 200: TokenListSchema, 401: UNAUTHORIZED, ...COMMON_ERROR_ANSWERS },
      detail: { summary: 'Minted proxy URLs (no token, no key)', tags: ['tokens'], operationId: 'listTokens' },
    })
    .delete(
      '/api/tokens/:id',
      ({ params }) => {
        const outcome = revokeToken(deps.keyRing, deps.tokens, params.id)
        if (outcome === 'unknown') throw new BridgeError({ kind: 'not-found', code: 'NOT_FOUND', status: 404, message: 'No minted URL with this id' })
        return { tokenId: params.id, revoked: true as const, changed: outcome === 'revoked' }
      },
      {
        params: TokenIdParamsSchema,
        response: { 200: RevokeAnswerSchema, 400: errorAnswer('INVALID_JSON: the id is not 1 to 64 characters'), 401: UNAUTHORIZED, 404: errorAnswer('NOT_FOUND: no minted URL with this id'), ...COMMON_ERROR_ANSWERS },
        detail: { summary: 'Revoke a minted proxy URL (idempotent)', tags: ['tokens'], operationId: 'revokeToken' },
      },
    )
}
