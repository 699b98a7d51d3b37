/** What GET /healthz answers: serving (with the request log's state when there is one) or draining. */
import { Type, type Static } from '@sinclair/typebox'
import type { LogHealthSummary } from './health-api.ts'
import { type Same } from '../core/typebox-helpers.ts'

const strict = { additionalProperties: false } as const
const Count = Type.Integer({ minimum: 0 })

export const LogHealthSchema = Type.Object(
  {
    ok: Type.Boolean({ description: 'False while rows cannot be written (disk full, broken file); proxying goes on.' }),
    queued: Count,
    dropped: Count,
    writeErrors: Count,
    lastErrorCode: Type.Optional(Type.String({ description: "SQLite's or the system's error code, e.g. SQLITE_FULL." })),
  },
  strict,
)

export const HealthSchema = Type.Object(
  {
    status: Type.Literal('ok'),
    version: Type.String(),
    log: Type.Optional(LogHealthSchema),
  },
  { ...strict, description: 'Serving. `log` is absent when the server runs without the request log.' },
)

export const DrainingSchema = Type.Object({ status: Type.Literal('draining') }, { ...strict, description: 'Shutting down: load balancers should stop sending traffic.' })

const logHealthMatches: Same<Static<typeof LogHealthSchema>, LogHealthSummary> = true
void logHealthMatches
