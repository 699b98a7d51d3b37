/** Checks a generate-url body of either version, reporting the first error naming the field. */
import { BridgeError } from '../core/errors.ts'
import { describeValidationError } from './describe-validation-error.ts'
import { GenerateUrlBodySchema, type GenerateUrlBody } from './generate-url-schema.ts'

export function validateGenerateUrlBody(body: unknown): GenerateUrlBody {
  const problem = describeValidationError(GenerateUrlBodySchema, body)
  if (problem !== undefined) throw BridgeError.invalidRequest(problem)
  return body as GenerateUrlBody
}
