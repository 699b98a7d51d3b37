/**
 * Passthrough's one exception: a chat request the catalog says the upstream model refuses on the
 * target's wire (function tools with reasoning on OpenAI Chat for GPT-5.2 and later, LESSONS #28)
 * is translated to the wire that takes it instead (chat-wire.ts), unless the URL allows
 * passthrough only. Only requests for such models are decoded to find out.
 */
import { WarningSink } from '../core/model/index.ts'
import type { ProtocolCodec, RouteMatch } from '../core/protocols/codec.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import { chatWireFor, mayChangeWire } from './chat-wire.ts'
import { findModelInfo } from './find-model-info.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { parseJsonBody } from './read-body.ts'

export function leavesInOtherWire(
  context: PipelineContext,
  config: ProxyConfig,
  route: RouteMatch,
  codec: ProtocolCodec,
  target: ProtocolCodec,
  upstreamModel: string | undefined,
  body: Uint8Array,
): boolean {
  if (route.group !== 'chat' || config.endpoints.mode === 'passthrough' || upstreamModel === undefined) return false
  const info = findModelInfo(context.preset, upstreamModel)
  if (!mayChangeWire(target, info)) return false
  const request = codec.decodeRequest(parseJsonBody(body), route, new WarningSink())
  return chatWireFor(target, info, request) !== target
}
