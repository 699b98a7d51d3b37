/** Turns a LogFilter into a parameterised WHERE clause; values never enter the SQL text. */
import type { Cursor } from '../cursor.ts'
import type { LogFilter } from '../log-query.ts'

export type Where = { sql: string; params: Array<string | number> }

export function buildWhere(filter: LogFilter, cursor?: Cursor): Where {
  const clauses: string[] = []
  const params: Array<string | number> = []
  const add = (sql: string, ...values: Array<string | number>): void => {
    clauses.push(sql)
    params.push(...values)
  }
  if (filter.from !== undefined) add('started_at >= ?', filter.from)
  if (filter.to !== undefined) add('started_at < ?', filter.to)
  if (filter.tokenId !== undefined) add('token_id = ?', filter.tokenId)
  if (filter.provider !== undefined) add('provider = ?', filter.provider)
  if (filter.model !== undefined) add('(client_model = ? OR upstream_model = ?)', filter.model, filter.model)
  if (filter.errorCode !== undefined) add('error_code = ?', filter.errorCode)
  if (typeof filter.status === 'number') add('status = ?', filter.status)
  if (typeof filter.status === 'string') {
    const low = Number(filter.status[0]) * 100
    add('status >= ? AND status < ?', low, low + 100)
  }
  // Redundant for the result, needed for the plan: the status index holds only rows with
  // status <> 200 (migrations.ts), and SQLite uses it only when this term is in the query as written.
  if (filter.status !== undefined && !statusMayBe200(filter.status)) add(`status <> ${OK_STATUS}`)
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = `%${escapeLike(filter.q)}%`
    add(
      "(client_model LIKE ? ESCAPE '\\' OR upstream_model LIKE ? ESCAPE '\\' OR user_agent LIKE ? ESCAPE '\\' OR label LIKE ? ESCAPE '\\')",
      pattern, pattern, pattern, pattern,
    )
  }
  if (cursor) add('(started_at < ? OR (started_at = ? AND id < ?))', cursor.startedAt, cursor.startedAt, cursor.id)
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params }
}

const OK_STATUS = 200

function statusMayBe200(status: number | string): boolean {
  return typeof status === 'number' ? status === OK_STATUS : status.startsWith('2')
}

/** `%` and `_` in a search term are literal characters to the user. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`)
}
