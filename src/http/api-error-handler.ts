/**
 * Every error in the Elysia app → the bridge's JSON envelope (no source protocol: /api speaks
 * our own shape). Never Elysia's default validation body, a stack trace, or a 500 for bad input.
 * This is the one place where a route's schema violations become messages: the body's name the
 * field by its path ("target.auth.type: expected one of …"), the query's and the path's name the
 * parameter ("Query parameter 'limit': expected an integer from 1 to 200").
 */
import type { TSchema } from '@sinclair/typebox'
import { ValidationError } from 'elysia'
import { BridgeError } from '../core/errors.ts'
import { errorResponse, toBridgeError } from '../proxy/error-response.ts'
import { describeValidationError, describeValidationProblem } from './describe-validation-error.ts'
import { requestIdOf } from './request-id.ts'

export type ApiErrorContext = { code: unknown; error: unknown; request: Request }

export function apiErrorResponse({ code, error, request }: ApiErrorContext): Response {
  const response = errorResponse(toApiError(code, error, request), undefined, { requestId: requestIdOf(request) })
  // Like every /api answer (the server adds it too): no cache keeps an error about a credential.
  response.headers.set('cache-control', 'no-store')
  return response
}

function toApiError(code: unknown, error: unknown, request: Request): BridgeError {
  if (error instanceof BridgeError) return error
  switch (code) {
    case 'PARSE':
      return BridgeError.invalidRequest('body: expected valid JSON')
    case 'VALIDATION':
      return error instanceof ValidationError ? validationError(error, request) : BridgeError.invalidRequest('body: does not match the expected schema')
    case 'NOT_FOUND':
      return notFound(request)
    default:
      return internalError(request, errorName(error))
  }
}

const PARAMETER_KINDS: Record<string, string> = { query: 'Query parameter', params: 'Path parameter', headers: 'Header' }

function validationError(error: ValidationError, request: Request): BridgeError {
  // The route's own answer broke its schema: a bug here, not the client's fault.
  if (error.type === 'response') return internalError(request, `an answer that does not match its schema (${error.valueError?.path ?? '/'})`)
  const schema = schemaOf(error.validator)
  const parameterKind = PARAMETER_KINDS[error.type]
  if (schema === undefined) return BridgeError.invalidRequest(`${parameterKind ?? 'body'}: does not match the expected schema`)
  if (parameterKind === undefined) return BridgeError.invalidRequest(describeValidationError(schema, error.value) ?? 'body: does not match the expected schema')
  const found = describeValidationProblem(schema, error.value)
  // Names only the parameter, never echoes its value: a value may be a pasted key.
  if (found === undefined || found.path === '') return BridgeError.invalidRequest(`${parameterKind}s: do not match the expected schema`)
  // A parameter is one name, whatever characters it holds: its pointer's first segment, unescaped.
  const parameter = found.path.split('/')[1]?.replaceAll('~1', '/').replaceAll('~0', '~') ?? ''
  const name = `${parameterKind} '${parameter.slice(0, 100)}'`
  return BridgeError.invalidRequest(found.problem === 'unknown field' ? `${name} is not a known parameter` : `${name}: ${found.problem}`)
}

/** Elysia hands over its compiled checker (holding the schema) or, for dynamic routes, the schema itself. */
function schemaOf(validator: ValidationError['validator']): TSchema | undefined {
  if (typeof validator !== 'object' || validator === null || '~standard' in validator) return undefined
  const checker = validator as { schema?: unknown; Schema?: unknown }
  if (typeof checker.schema === 'object' && checker.schema !== null) return checker.schema as TSchema
  if (typeof checker.Schema === 'function') return (checker.Schema as () => TSchema)()
  return validator as TSchema
}

function internalError(request: Request, what: string): BridgeError {
  // The message of an unexpected exception may hold a secret: only its class name is printed.
  console.error(`llm-bridge: internal error in ${request.method} ${new URL(request.url).pathname}: ${what}`)
  return toBridgeError(undefined)
}

export function notFound(request: Request): BridgeError {
  const path = new URL(request.url).pathname
  return new BridgeError({ kind: 'not-found', code: 'NOT_FOUND', status: 404, message: `No route for ${request.method} ${path.slice(0, 200)}` })
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error
}
