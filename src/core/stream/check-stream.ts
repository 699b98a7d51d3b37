/**
 * Checks the canonical stream invariants (see model/stream-event.ts): the tests' oracle, run on
 * every decoder's output. The proxy does not run it; it checks the client's wire stream instead
 * (watch-client-grammar.ts).
 */
import type { StreamEvent } from '../model/index.ts'

export function findStreamViolations(events: readonly StreamEvent[]): string[] {
  const problems: string[] = []
  const open = new Map<number, string>()
  const closed = new Set<number>()
  let ended = false
  events.forEach((event, position) => {
    const where = `event ${position} (${event.type})`
    if (position === 0 && event.type !== 'response-start') problems.push(`${where}: first event must be response-start`)
    if (position > 0 && event.type === 'response-start') problems.push(`${where}: second response-start`)
    if (ended) problems.push(`${where}: event after the terminal event`)
    if (event.type === 'response-end' || event.type === 'error') {
      ended = true
      if (event.type === 'response-end' && open.size > 0) problems.push(`${where}: blocks still open: ${[...open.keys()].join(',')}`)
      return
    }
    if (!('index' in event)) return
    const kind = event.type.replace(/-(start|delta|end|signature)$/, '')
    if (event.type.endsWith('-start')) {
      if (open.has(event.index) || closed.has(event.index)) problems.push(`${where}: index ${event.index} opened twice`)
      open.set(event.index, kind)
    } else if (open.get(event.index) !== kind) {
      problems.push(`${where}: index ${event.index} is not an open ${kind} block`)
    } else if (event.type.endsWith('-end')) {
      open.delete(event.index)
      closed.add(event.index)
    }
  })
  if (!ended) problems.push('stream has no terminal event')
  return problems
}
