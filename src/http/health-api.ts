/** GET /healthz: 200 while serving, 503 once draining so load balancers stop sending traffic. */
import { Elysia } from 'elysia'

export type HealthDeps = { version: string; isDraining: () => boolean }

export function healthApi(deps: HealthDeps) {
  return new Elysia({ name: 'health-api' }).get('/healthz', ({ set }) => {
    if (!deps.isDraining()) return { status: 'ok', version: deps.version }
    set.status = 503
    return { status: 'draining' }
  })
}
