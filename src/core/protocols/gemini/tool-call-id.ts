/**
 * Function calls have no ids before Gemini 3, but every other protocol pairs calls and results by
 * id. The bridge makes them up: from the call's place in the history when decoding a request (the
 * client resends the same history every turn, so the same call gets the same id), at random in an
 * answer. Made-up ids carry a prefix, so they are not sent to Gemini as if Gemini had minted them.
 * Ids stay short and `[A-Za-z0-9_-]` only: Anthropic rejects other characters, and long ids
 * broke other bridges (LESSONS #29).
 */
export const SYNTHETIC_ID_PREFIX = 'gcall_'

export function positionalCallId(contentIndex: number, partIndex: number, name: string): string {
  const safeName = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 24)
  return `${SYNTHETIC_ID_PREFIX}c${contentIndex}p${partIndex}_${safeName}`
}

export function randomCallId(): string {
  return `${SYNTHETIC_ID_PREFIX}${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`
}

export function isSyntheticCallId(id: string): boolean {
  return id.startsWith(SYNTHETIC_ID_PREFIX)
}
