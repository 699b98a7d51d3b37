/**
 * Every error in the Elysia app → the bridge's JSON envelope (no source protocol: /api speaks
 * our own shape). Never Elysia's default validation body, a stack trace, or a 500 for bad input.
 */
import { BridgeError } from '../core/errors.ts'
import { errorResponse, toBridgeError } from '../proxy/error-response.ts'
import { requestIdOf } from './request-id.ts'

export type ApiErrorContext = { code: unknown; error: unknown; request: Request }

export function apiErrorResponse({ code, error, request }: ApiErrorContext): Response {
  return errorResponse(toApiError(code, error, request), undefined, { requestId: requestIdOf(request) })
}

function toApiError(code: unknown, error: unknown, request: Request): BridgeError {
  if (error instanceof BridgeError) return error
  switch (code) {
    case 'PARSE':
      return BridgeError.invalidRequest('body: expected valid JSON')
    case 'VALIDATION':
      return BridgeError.invalidRequest('body: does not match the expected schema')
    case 'NOT_FOUND':
      return notFound(request)
    default:
      // The message of an unexpected exception may hold a secret: only its class name is printed.
      console.error(`llm-bridge: internal error in ${request.method} ${new URL(request.url).pathname}: ${errorName(error)}`)
      return toBridgeError(error)
  }
}

export function notFound(request: Request): BridgeError {
  const path = new URL(request.url).pathname
  return new BridgeError({ kind: 'not-found', code: 'NOT_FOUND', status: 404, message: `No route for ${request.method} ${path.slice(0, 200)}` })
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error
}
