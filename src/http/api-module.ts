/**
 * The Elysia instance every API module starts from, so that each one answers errors the same way
 * whether it runs inside the app or alone (its tests):
 *  - normalize off: Elysia would otherwise drop unknown fields silently, and a typo in a body or
 *    a query must be a 400 naming it;
 *  - the one error handler (api-error-handler.ts): schema violations become the bridge's envelope.
 */
import { Elysia } from 'elysia'
import { apiErrorResponse } from './api-error-handler.ts'

/** Also the app's own: a module's routes are compiled with the config of the app that mounts it. */
export const API_ELYSIA_CONFIG = { normalize: false } as const

export function apiModule(name: string) {
  return new Elysia({ name, ...API_ELYSIA_CONFIG }).onError(({ code, error, request }) => apiErrorResponse({ code, error, request }))
}
