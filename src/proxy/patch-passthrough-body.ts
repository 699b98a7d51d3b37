/**
 * A preset's passthrough-safe quirk patches on a same-protocol chat body: Claude Code talking
 * to an Anthropic-compatible endpoint sends fields that endpoint refuses (core/patches). The body
 * is parsed and re-serialised only when the preset names such a patch and one of them changed it;
 * every other passthrough keeps the client's bytes.
 */
import { WarningSink } from '../core/model/index.ts'
import { applyPassthroughPatches, hasPassthroughPatches } from '../core/patches/index.ts'
import type { ProtocolCodec, RouteMatch } from '../core/protocols/codec.ts'
import { isObject } from '../core/json-object.ts'
import { patchesFor } from './chat-wire.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { parseJsonBody } from './read-body.ts'

export function patchPassthroughBody(context: PipelineContext, route: RouteMatch, target: ProtocolCodec, body: Uint8Array): Uint8Array {
  const names = route.group === 'chat' && body.byteLength > 0 ? patchesFor(context.preset?.patches ?? [], target) : []
  if (!hasPassthroughPatches(names)) return body
  const json = parseJsonBody(body)
  if (!isObject(json)) return body
  const warnings = new WarningSink()
  if (!applyPassthroughPatches(names, json, { warnings })) return body
  context.draft.setWarnings(warnings.items)
  return new TextEncoder().encode(JSON.stringify(json))
}
