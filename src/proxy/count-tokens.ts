/**
 * count_tokens from any client toward any target (LESSONS #6). The client's count request is
 * decoded by the source codec into the canonical request (its model mapped by the URL's policy).
 * Where the target has a counter of its own (`upstream.countTokens`), the request is encoded for
 * it and its answer given back in the source's count shape; otherwise, or when that endpoint
 * turns out to be missing, the bridge counts locally (a tokenizer for OpenAI models, the
 * calibrated estimate for the others) and marks the answer estimated.
 */
import { WarningSink, type ChatRequest } from '../core/model/index.ts'
import { BridgeError } from '../core/errors.ts'
import type { ProtocolCodec, RouteMatch, UpstreamTokenCounter } from '../core/protocols/codec.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import { openReasoningEnvelopes } from '../core/reasoning/index.ts'
import { TokenCalibration } from '../core/tokens/calibrate-tokens.ts'
import { countInputTokens, isCalibrated } from '../core/tokens/count-input-tokens.ts'
import { estimateInputTokens } from '../core/tokens/estimate-tokens.ts'
import { ESTIMATED_HEADER, localJson } from './answer-locally.ts'
import { mapModel } from './map-model.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { parseJsonBody, readBodyCapped } from './read-body.ts'
import { askUpstreamJson, warningHeaders } from './ask-upstream-json.ts'

/** How the local count was made: a tokenizer's name, or `estimate;factor=1.08` (the calibration applied). */
export const COUNT_METHOD_HEADER = 'x-llm-bridge-count-method'

/** Statuses that say the upstream has no such endpoint (not that the request is wrong). */

type CountRequest = { request: ChatRequest; upstreamModel: string; warnings: WarningSink }

export async function countTokensLocally(context: PipelineContext, config: ProxyConfig, source: ProtocolCodec, route: RouteMatch): Promise<Response> {
  return answerLocally(context, source, await readCountRequest(context, config, source, route))
}

export async function countTokensUpstream(context: PipelineContext, config: ProxyConfig, source: ProtocolCodec, route: RouteMatch, target: ProtocolCodec): Promise<Response> {
  const counted = await readCountRequest(context, config, source, route)
  const counter = target.upstream.countTokens
  if (counter === undefined || counter.countsModel?.(counted.upstreamModel) === false) return answerLocally(context, source, counted)
  const inputTokens = await askUpstream(context, config, target, counter, counted)
  if (inputTokens === undefined) return answerLocally(context, source, counted)
  return localJson(context, countShape(source)(inputTokens), warningHeaders(counted.warnings))
}

async function readCountRequest(context: PipelineContext, config: ProxyConfig, source: ProtocolCodec, route: RouteMatch): Promise<CountRequest> {
  const warnings = new WarningSink()
  context.draft.setWarnings(warnings.items)
  const bytes = await readBodyCapped(context.request, context.maxBodyBytes)
  context.draft.row.bytesIn = bytes.byteLength
  const decoded = source.decodeRequest(parseJsonBody(bytes), route, warnings)
  const upstreamModel = mapModel(config.model, decoded.model)
  context.draft.row.clientModel = decoded.model
  context.draft.row.upstreamModel = upstreamModel
  // Signatures the bridge sealed go back to their upstream opened, as on a chat request.
  const request = await openReasoningEnvelopes(decoded, context.reasoningKey)
  return { request, upstreamModel, warnings }
}

/** The target's count, or undefined when its endpoint is missing (the caller then counts locally). */
async function askUpstream(context: PipelineContext, config: ProxyConfig, target: ProtocolCodec, counter: UpstreamTokenCounter, counted: CountRequest): Promise<number | undefined> {
  const { request, upstreamModel, warnings } = counted
  const upstream = counter.encodeRequest({ ...request, model: upstreamModel, stream: false }, { upstreamModel, clientModel: request.model, warnings })
  const answer = await askUpstreamJson(context, config, target, { method: 'POST', path: upstream.path, headers: upstream.headers, body: upstream.body })
  if ('missing' in answer) {
    warnings.add('emulated-count-tokens', `The upstream has no token-count endpoint (HTTP ${answer.missing}); the count is the bridge's estimate`, 'count_tokens')
    return undefined
  }
  const inputTokens = counter.decodeResponse(answer.json)
  if (inputTokens === undefined) {
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'The upstream token count answer holds no count' })
  }
  return inputTokens
}

async function answerLocally(context: PipelineContext, source: ProtocolCodec, counted: CountRequest): Promise<Response> {
  if (isCalibrated(counted.upstreamModel)) await context.seedCalibration?.()
  const calibration = context.tokenCalibration ?? new TokenCalibration()
  const count = await countInputTokens(counted.request, counted.upstreamModel, calibration)
  const method = count.factor === undefined ? count.method : `${count.method};factor=${count.factor.toFixed(3)}`
  return localJson(context, countShape(source)(count.inputTokens), { [ESTIMATED_HEADER]: 'true', [COUNT_METHOD_HEADER]: method, ...warningHeaders(counted.warnings) })
}

/** The source's count answer; the router picks these actions only where the source has one. */
function countShape(source: ProtocolCodec): (inputTokens: number) => unknown {
  const shape = source.local.countTokens
  if (shape === undefined) {
    throw new BridgeError({ kind: 'unsupported-endpoint', code: 'UNSUPPORTED_ENDPOINT', status: 400, message: `No token count answer in the ${source.id} format` })
  }
  return shape
}

/**
 * A translated chat request teaches the calibration of its upstream model: the bridge's estimate
 * of what it sent beside the input tokens the upstream reports, also kept in the log row (the
 * calibration of the next start is seeded from those). Worked out as the row is completed, once
 * the answer has been sent; requests that failed or report no usage teach nothing.
 */
export function teachCalibration(context: PipelineContext, sent: ChatRequest, upstreamModel: string): void {
  const calibration = context.tokenCalibration
  if (calibration === undefined || !isCalibrated(upstreamModel) || !calibration.wants(upstreamModel)) return
  const { row } = context.draft
  context.draft.beforeRecord(() => {
    const actual = row.usage?.inputTokens
    if (row.status !== 200 || actual === undefined || actual <= 0) return
    const estimate = estimateInputTokens(sent)
    row.inputTokensEstimate = estimate
    calibration.record(upstreamModel, estimate, actual)
  })
}
