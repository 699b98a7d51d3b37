/** Picks the body version's schema, then reports the first error naming the field. */
import { BridgeError } from '../core/errors.ts'
import { describeValidationError } from './describe-validation-error.ts'
import { GENERATE_URL_SCHEMAS, type GenerateUrlBody } from './generate-url-schema.ts'

export function validateGenerateUrlBody(body: unknown): GenerateUrlBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw BridgeError.invalidRequest('body: expected a JSON object')
  }
  const version: unknown = (body as Record<string, unknown>).version
  if (version === undefined) throw BridgeError.invalidRequest('version: required, expected 1 or 2')
  if (version !== 1 && version !== 2) throw BridgeError.invalidRequest('version: expected 1 or 2')
  const problem = describeValidationError(GENERATE_URL_SCHEMAS[version], body)
  if (problem !== undefined) throw BridgeError.invalidRequest(problem)
  return body as GenerateUrlBody
}
