/**
 * The protocol chat goes out in: the URL target's, unless the catalog marks the upstream model as
 * refusing function tools with reasoning on it (`reasoningFormat.toolsNeedResponses`: OpenAI's
 * GPT-5.2 and later on Chat Completions, LESSONS #28) and the request has both; then the target
 * codec's `toolsWithReasoningWire` of the same family (OpenAI Responses). Same base URL, same
 * auth; only the request shape and the path differ. Request patches written for the target's wire
 * are left out when the wire changes.
 */
import type { ModelInfo } from '../core/catalog/provider-preset.ts'
import type { ChatRequest } from '../core/model/index.ts'
import { patchMismatch } from '../core/patches/index.ts'
import type { ProtocolCodec } from '../core/protocols/codec.ts'
import { findCodec } from '../core/protocols/index.ts'

export function chatWireFor(target: ProtocolCodec, info: ModelInfo | undefined, request: ChatRequest): ProtocolCodec {
  const wire = otherWire(target, info)
  const toolsWithReasoning = request.tools.length > 0 && request.reasoning?.enabled !== false
  return wire !== undefined && toolsWithReasoning ? wire : target
}

/** Whether a request for this model may have to leave in another wire (passthrough then lets translation decide). */
export function mayChangeWire(target: ProtocolCodec, info: ModelInfo | undefined): boolean {
  return otherWire(target, info) !== undefined
}

function otherWire(target: ProtocolCodec, info: ModelInfo | undefined): ProtocolCodec | undefined {
  const protocol = target.upstream.toolsWithReasoningWire
  if (info?.reasoningFormat?.toolsNeedResponses !== true || protocol === undefined || protocol === target.id) return undefined
  const wire = findCodec(protocol)
  return wire !== undefined && wire.wireFamily === target.wireFamily ? wire : undefined
}

/** The preset's patches that edit bodies of `wire` (or any). */
export function patchesFor(names: readonly string[], wire: ProtocolCodec): string[] {
  return names.filter((name) => patchMismatch([name], wire.id) === undefined)
}
