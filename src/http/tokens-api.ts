/**
 * GET /api/tokens (the minted URLs, newest first, with last use and request count from the log)
 * and DELETE /api/tokens/:id (revoke, effective at once and after restarts). Admin only, as the
 * metrics are: a URL token is not enough, and on a loopback bind the machine's owner is the admin.
 */
import { Elysia } from 'elysia'
import { BridgeError } from '../core/errors.ts'
import type { KeyRing } from '../core/url-token/index.ts'
import { revokeToken, type TokenRegistry } from '../token-registry/index.ts'
import { authorizeAdmin, type AdminAuthDeps } from './admin-auth.ts'
import { ErrorEnvelopeSchema, RevokeAnswerSchema, TokenIdParamsSchema, TokenListSchema } from './tokens-schema.ts'

export type TokensApiDeps = { access: AdminAuthDeps; tokens: TokenRegistry; keyRing: KeyRing }

const errors = { 401: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema }

export function tokensApi(deps: TokensApiDeps) {
  return new Elysia({ name: 'tokens-api' })
    .onBeforeHandle(async ({ request, set }) => {
      set.headers['cache-control'] = 'no-store'
      const refused = await authorizeAdmin(request, deps.access)
      if (refused !== undefined) throw refused
    })
    .get('/api/tokens', () => ({ tokens: deps.tokens.list(), usageRecorded: deps.tokens.usageRecorded }), {
      response: { 200: TokenListSchema, ...errors },
      detail: { summary: 'Minted proxy URLs (no token, no key)', tags: ['tokens'] },
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
        response: { 200: RevokeAnswerSchema, ...errors },
        detail: { summary: 'Revoke a minted proxy URL (idempotent)', tags: ['tokens'] },
      },
    )
}
