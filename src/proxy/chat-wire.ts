/**
 * The protocol chat goes out in: the URL target's, unless the catalog names another one of the
 * same wire family for the upstream model (OpenAI's GPT-5.4 and later reject function tools with
 * reasoning on Chat Completions and take them on /v1/responses, LESSONS #28). Same base URL, same
 * auth; only the request shape and the path differ. Request patches written for the target's
 * wire are left out when the wire changes.
 */
import type { ModelInfo } from '../core/catalog/provider-preset.ts'
import { patchMismatch } from '../core/patches/index.ts'
import type { ProtocolCodec } from '../core/protocols/codec.ts'
import { findCodec } from '../core/protocols/index.ts'

export function chatWireFor(target: ProtocolCodec, info: ModelInfo | undefined): ProtocolCodec {
  const protocol = info?.chatProtocol
  if (protocol === undefined || protocol === target.id) return target
  const wire = findCodec(protocol)
  return wire !== undefined && wire.wireFamily === target.wireFamily ? wire : target
}

/** The preset's patches that edit bodies of `wire` (or any). */
export function patchesFor(names: readonly string[], wire: ProtocolCodec): string[] {
  return names.filter((name) => patchMismatch([name], wire.id) === undefined)
}
