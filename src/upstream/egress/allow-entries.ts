/**
 * `--allow-host` entries, parsed once per distinct text. The list is read on every check (it can
 * change with the config), but each entry's parse is a pure function of its text, so a parsed
 * entry is reused; an invalid entry is not remembered and throws again on every use.
 */
import { type AllowEntry, parseAllowHost } from './parse-allow-host.ts'

const MAX_ENTRIES = 256
const parsed = new Map<string, AllowEntry>()

export function allowEntriesOf(allowHosts: readonly string[]): AllowEntry[] {
  return allowHosts.map((text) => {
    let entry = parsed.get(text)
    if (entry === undefined) {
      entry = parseAllowHost(text)
      if (parsed.size >= MAX_ENTRIES) parsed.clear()
      parsed.set(text, entry)
    }
    return entry
  })
}
