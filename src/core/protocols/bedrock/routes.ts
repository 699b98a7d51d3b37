/**
 * Which proxied paths speak Bedrock Runtime. The model id is a path segment, percent-encoded by
 * the SDKs (`anthropic.claude-3-haiku-20240307-v1%3A0`, ARNs with `%2F`); the match is greedy so
 * an ARN whose slashes arrive decoded still matches, and the id is decoded into pathModel.
 * InvokeModel (`invoke`, `invoke-with-response-stream`) carries the model's native body: Claude
 * Code's Bedrock mode sends Anthropic Messages bodies there (CLIENTS.md), marked by bodyProtocol.
 * Model discovery (`foundation-models`, `inference-profiles`) is Bedrock's control plane, which
 * the same clients call on the same base URL, as are batch inference jobs ('batches'); guardrail
 * checks are 'moderations', asynchronous invocations 'other'.
 * @see ../../../../../shared/protocols/bedrock-converse.md §1
 */
import type { DocumentedEndpoint, RouteMatch } from '../codec.ts'

/** The API reference's endpoints (Bedrock Runtime and the control plane's), each group's usual call first. */
export const BEDROCK_ENDPOINTS: readonly DocumentedEndpoint[] = [
  { method: 'POST', path: 'model/anthropic.claude-3-haiku-20240307-v1%3A0/converse', group: 'chat' },
  { method: 'POST', path: 'model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream', group: 'chat' },
  { method: 'POST', path: 'model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke', group: 'chat' },
  { method: 'POST', path: 'model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke-with-response-stream', group: 'chat' },
  { method: 'POST', path: 'model/anthropic.claude-3-haiku-20240307-v1%3A0/count-tokens', group: 'count_tokens' },
  { method: 'GET', path: 'foundation-models', group: 'models' },
  { method: 'GET', path: 'inference-profiles', group: 'models' },
  { method: 'POST', path: 'model-invocation-job', group: 'batches' },
  { method: 'GET', path: 'model-invocation-jobs', group: 'batches' },
  { method: 'GET', path: 'model-invocation-job/job-abc', group: 'batches' },
  { method: 'POST', path: 'model-invocation-job/job-abc/stop', group: 'batches' },
  { method: 'POST', path: 'guardrail/gr-abc/version/1/apply', group: 'moderations' },
  { method: 'POST', path: 'async-invoke', group: 'other' },
  { method: 'GET', path: 'async-invoke/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Aasync-invoke%2Fabc', group: 'other' },
]

const BATCH_JOB = /^model-invocation-jobs?(\/[^/]+(\/stop)?)?$/
const GUARDRAIL = /^guardrail\/[^/]+\/version\/[^/]+\/apply$/
const ASYNC_INVOKE = /^async-invoke(\/.+)?$/

/** InvokeModel routes set RouteMatch.bodyProtocol: their bodies are the model's native format. */
export type BedrockRouteMatch = RouteMatch

const OPERATION = /^model\/(.+)\/(converse|converse-stream|invoke|invoke-with-response-stream|count-tokens)$/

function decodeModelId(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export function matchBedrockRoute(method: string, path: string): BedrockRouteMatch | undefined {
  const verb = method.toUpperCase()
  const relative = path.split('?')[0]!.replace(/^\/+/, '').replace(/\/+$/, '')
  if (relative === 'foundation-models' || relative === 'inference-profiles') return verb === 'GET' ? { group: 'models' } : undefined
  if (BATCH_JOB.test(relative)) return verb === 'GET' || verb === 'POST' ? { group: 'batches' } : undefined
  if (GUARDRAIL.test(relative)) return verb === 'POST' ? { group: 'moderations' } : undefined
  if (ASYNC_INVOKE.test(relative)) return verb === 'GET' || verb === 'POST' ? { group: 'other' } : undefined
  const match = OPERATION.exec(relative)
  if (match === null || verb !== 'POST') return undefined
  const pathModel = decodeModelId(match[1]!)
  switch (match[2]) {
    case 'converse':
      return { group: 'chat', pathModel, pathStream: false }
    case 'converse-stream':
      return { group: 'chat', pathModel, pathStream: true }
    case 'invoke':
      return { group: 'chat', pathModel, pathStream: false, bodyProtocol: 'anthropic' }
    case 'invoke-with-response-stream':
      return { group: 'chat', pathModel, pathStream: true, bodyProtocol: 'anthropic' }
    default:
      return { group: 'count_tokens', pathModel }
  }
}

/** The upstream path of a Converse call; encodeURIComponent keeps ARNs (`:`, `/`) one segment. */
export function conversePath(modelId: string, stream: boolean): string {
  return `model/${encodeURIComponent(modelId)}/${stream ? 'converse-stream' : 'converse'}`
}

/**
 * The same operation path naming another model: a passthrough to Bedrock swaps the model in the
 * path (the body has none). undefined when the path is not a model operation.
 */
export function replacePathModel(path: string, modelId: string): string | undefined {
  const [bare, query] = path.split('?', 2) as [string, string | undefined]
  const relative = bare.replace(/^\/+/, '').replace(/\/+$/, '')
  const match = OPERATION.exec(relative)
  if (match === null) return undefined
  const swapped = `model/${encodeURIComponent(modelId)}/${match[2]}`
  return query === undefined ? swapped : `${swapped}?${query}`
}
