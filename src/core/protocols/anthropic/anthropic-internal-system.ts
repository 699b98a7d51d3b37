/**
 * Claude Code puts an Anthropic-internal line first in `system`:
 * `x-anthropic-billing-header: cc_version=…; cc_entrypoint=…;` (fixture
 * claude-code/request-2.1.332-say-hi.json). Anthropic reads it as request metadata; any other
 * model would read it as part of its instructions (and it changes with every Claude Code
 * release, which defeats prompt caching upstream). The decoder takes such blocks out of the
 * system prompt, records a warning, and keeps them in extensions.anthropic.systemHeaders so an
 * Anthropic re-encode can put them back.
 */
import type { TextPart, WarningSink } from '../../model/index.ts'

const INTERNAL_HEADER = /^x-anthropic-[a-z-]+:/i

export type SplitSystem = { system: TextPart[]; headers: TextPart[] }

export function splitInternalSystemBlocks(system: TextPart[], warnings: WarningSink): SplitSystem {
  const headers = system.filter((part) => INTERNAL_HEADER.test(part.text.trimStart()))
  if (headers.length === 0) return { system, headers }
  warnings.add('dropped-field', 'an Anthropic-internal system block (x-anthropic-billing-header) was removed', 'system (x-anthropic-billing-header)')
  return { system: system.filter((part) => !headers.includes(part)), headers }
}
