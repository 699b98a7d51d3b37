/**
 * Anthropic-style `cache_control` breakpoints on OpenAI Chat text parts. Some OpenAI-compatible
 * upstreams take them (OpenRouter passes them on to Anthropic and Gemini models; DashScope), and
 * the catalog says which (model traits `cacheControl: true`, EncodeContext.cacheControl); every
 * other upstream refuses unknown fields, so there they are removed with a warning (LESSONS #9).
 * @see ../../../../../shared/protocols/mapping.md §1
 */
import type { TextPart, WarningSink } from '../../model/index.ts'
import type { WireTextPart } from './wire.ts'

const DROPPED = 'cache_control is not accepted by this OpenAI-compatible upstream; it was removed'

/** A text part with its breakpoint where the upstream takes one; a warning where it is removed. */
export function textPart(part: TextPart, keep: boolean, warnings: WarningSink): WireTextPart {
  const wire: WireTextPart = { type: 'text', text: part.text }
  if (part.cacheControl === undefined) return wire
  if (!keep) {
    warnings.add('dropped-field', DROPPED, 'cache_control')
    return wire
  }
  wire.cache_control = part.cacheControl.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: part.cacheControl.ttl }
  return wire
}

/** A breakpoint on a part that cannot carry one here (tools, images, documents): removed, with a warning. */
export function dropBreakpoint(cacheControl: TextPart['cacheControl'], warnings: WarningSink): void {
  if (cacheControl !== undefined) warnings.add('dropped-field', DROPPED, 'cache_control')
}

/** Text parts as one string, unless one carries a breakpoint (only the array form can). */
export function textContent(parts: WireTextPart[], separator: string): string | WireTextPart[] {
  return parts.some((part) => part.cache_control !== undefined) ? parts : parts.map((part) => part.text).join(separator)
}
