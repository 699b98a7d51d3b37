/**
 * The OpenAPI 3.1 document of this server's API, generated from the schemas its routes declare
 * (@elysiajs/openapi's converter over the app's routes), so it cannot describe another API than
 * the one that answers. The console's pages are left out (detail.hide).
 *
 * Adjusted after conversion, where the converter's defaults do not fit:
 *  - `expected` (the validation messages' wording, describe-validation-error.ts) is not an
 *    OpenAPI keyword: it becomes the schema's description when it has none;
 *  - a text answer names its media type in `contentMediaType` (SSE, Prometheus, HTML): its
 *    content is filed under that type instead of text/plain;
 *  - the error envelope, the same on every error answer, is one shared component.
 */
import { toOpenAPISchema } from '@elysiajs/openapi/openapi'
import type { AnyElysia } from 'elysia'
import { isObject, type JsonObject } from '../core/json-object.ts'
import { ErrorEnvelopeSchema } from './error-envelope-schema.ts'

export const OPENAPI_VERSION = '3.1.0'

export type OpenApiDocument = JsonObject & { openapi: string; info: JsonObject; paths: Record<string, Record<string, JsonObject>> }

const DESCRIPTION = [
  'The API of llm-bridge, beside the proxy itself (/proxy/{token}/…, which speaks each provider\'s own protocol).',
  'Every error answers the bridge\'s envelope: `error_code` and `message` name what is wrong (a body field by its path, a query parameter by its name), with `request_id` as in the x-request-id header.',
  'On a non-loopback bind the request log and the metrics need the admin key (Authorization: Bearer <admin key>); a proxy URL token reads its own rows.',
].join('\n\n')

export function buildOpenApiDocument(app: AnyElysia, version: string): OpenApiDocument {
  // staticFile: false, or /api/openapi.json itself (a dot in the path) would be left out.
  const { paths, components } = toOpenAPISchema(app, { staticFile: false, methods: ['options'] }, undefined, undefined, OPENAPI_VERSION)
  // Through JSON: the TypeBox symbols and undefined members go, the rest is plain data.
  const converted: unknown = JSON.parse(JSON.stringify({ paths, components }))
  const plain = isObject(converted) ? converted : {}
  const document: OpenApiDocument = {
    openapi: OPENAPI_VERSION,
    info: { title: 'llm-bridge API', version, description: DESCRIPTION },
    paths: isObject(plain.paths) ? (plain.paths as OpenApiDocument['paths']) : {},
  }
  const schemas = isObject(plain.components) && isObject(plain.components.schemas) ? plain.components.schemas : {}
  schemas[ENVELOPE] = JSON.parse(JSON.stringify(ErrorEnvelopeSchema))
  document.components = { schemas }
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      fileTextAnswers(operation)
      shareEnvelope(operation)
    }
  }
  return rewriteExpected(document) as OpenApiDocument
}

const ENVELOPE = 'ErrorEnvelope'

function shareEnvelope(operation: JsonObject): void {
  if (!isObject(operation.responses)) return
  for (const response of Object.values(operation.responses)) {
    const media = isObject(response) && isObject(response.content) ? response.content['application/json'] : undefined
    if (isObject(media) && isEnvelope(media.schema)) media.schema = { $ref: `#/components/schemas/${ENVELOPE}` }
  }
}

function isEnvelope(schema: unknown): boolean {
  return isObject(schema) && isObject(schema.properties) && 'error_code' in schema.properties && 'request_id' in schema.properties
}

function fileTextAnswers(operation: JsonObject): void {
  if (!isObject(operation.responses)) return
  for (const response of Object.values(operation.responses)) {
    if (!isObject(response) || !isObject(response.content)) continue
    const text = response.content['text/plain']
    if (!isObject(text) || !isObject(text.schema) || typeof text.schema.contentMediaType !== 'string') continue
    response.content = { [text.schema.contentMediaType]: text }
  }
}

function rewriteExpected(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteExpected)
  if (!isObject(value)) return value
  const out: JsonObject = {}
  for (const [key, member] of Object.entries(value)) {
    if (key === 'expected' && typeof member === 'string') continue
    out[key] = rewriteExpected(member)
  }
  if (typeof value.expected === 'string' && out.description === undefined) out.description = capitalize(value.expected)
  return out
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
