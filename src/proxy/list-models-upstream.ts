/**
 * A client's model list built from the target's own, for a URL whose model names pass through
 * unchanged toward a target of another wire family: one GET of the target's list endpoint
 * (`upstream.modelList`, with the URL's auth and the pipeline's retries, deadlines and egress
 * check), its ids read by the target codec and answered in the source codec's list shape. A
 * target with no such endpoint (404, 405, 501) gets the local answer with a warning; any other
 * failure reaches the client as its own protocol's error. One model by id is answered without a
 * call, as the local answer does: every name passes through, and an upstream may accept names its
 * list does not hold (Anthropic's aliases).
 */
import { BridgeError } from '../core/errors.ts'
import { WarningSink } from '../core/model/index.ts'
import type { ProtocolCodec, RouteMatch, UpstreamModelList } from '../core/protocols/codec.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import { listModelsLocally, localJson } from './answer-locally.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { askUpstreamJson, warningHeaders } from './ask-upstream-json.ts'


export async function listModelsUpstream(context: PipelineContext, config: ProxyConfig, source: ProtocolCodec, route: RouteMatch, target: ProtocolCodec): Promise<Response> {
  const list = target.upstream.modelList
  const shape = source.local.modelList
  if (list === undefined || shape === undefined || route.pathModel !== undefined) return listModelsLocally(context, config, source, route)
  const warnings = new WarningSink()
  context.draft.setWarnings(warnings.items)
  const ids = await askUpstream(context, config, target, list, warnings)
  if (ids === undefined) return listModelsLocally(context, config, source, route, warningHeaders(warnings))
  return localJson(context, shape(ids, config.target.provider ?? 'llm-bridge'), warningHeaders(warnings))
}

/** The target's model ids, or undefined when it has no list endpoint (the caller answers locally). */
async function askUpstream(context: PipelineContext, config: ProxyConfig, target: ProtocolCodec, list: UpstreamModelList, warnings: WarningSink): Promise<string[] | undefined> {
  const answer = await askUpstreamJson(context, config, target, { method: 'GET', path: list.path, headers: list.headers })
  if ('missing' in answer) {
    warnings.add('emulated-model-list', `The upstream has no model list (HTTP ${answer.missing}); the bridge answered with the URL's own model names`, 'models')
    return undefined
  }
  const ids = list.readIds(answer.json)
  if (ids === undefined) {
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'The upstream model list answer holds no list of models' })
  }
  return ids
}
