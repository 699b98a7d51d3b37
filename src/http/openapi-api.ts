/**
 * GET /api/openapi.json (the OpenAPI document, generated from the routes' own schemas) and
 * GET /api/reference (that document as a self-contained page, for people). Both are built once,
 * on first request, from the app they are mounted in: every module is registered by then.
 */
import { Type } from '@sinclair/typebox'
import type { AnyElysia } from 'elysia'
import { apiModule } from './api-module.ts'
import { COMMON_ERROR_ANSWERS } from './error-envelope-schema.ts'
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document.ts'
import { REFERENCE_CSP, renderApiReference } from './render-api-reference.ts'

export type OpenApiDeps = { app: () => AnyElysia; version: string }

const DocumentSchema = Type.Object(
  { openapi: Type.String(), info: Type.Object({}, { additionalProperties: true }), paths: Type.Object({}, { additionalProperties: true }) },
  { additionalProperties: true, description: 'An OpenAPI 3.1 document.' },
)

export function openApiApi(deps: OpenApiDeps) {
  let document: OpenApiDocument | undefined
  let page: string | undefined
  const built = (): OpenApiDocument => (document ??= buildOpenApiDocument(deps.app(), deps.version))
  return apiModule('openapi-api')
    .get('/api/openapi.json', () => new Response(JSON.stringify(built()), { headers: { 'content-type': 'application/json' } }), {
      response: { 200: DocumentSchema, ...COMMON_ERROR_ANSWERS },
      detail: { summary: 'This OpenAPI document', tags: ['reference'], operationId: 'getOpenApiDocument' },
    })
    .get('/api/reference', () => new Response((page ??= renderApiReference(built())), {
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': REFERENCE_CSP },
    }), {
      response: { 200: Type.String({ contentMediaType: 'text/html', description: 'The operations, parameters and schemas of this document, as a page (no script, nothing fetched).' }), ...COMMON_ERROR_ANSWERS },
      detail: { summary: 'This API\'s reference, for reading', tags: ['reference'], operationId: 'getApiReference' },
    })
}
