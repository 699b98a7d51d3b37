/**
 * `/proxy/{token}/{upstream_path}`: the bridge's hot path, called by the server straight from
 * Bun.serve (no framework body parsing: passthrough must see the exact bytes). Opens the token,
 * routes by endpoint group, then passes through, translates or answers locally. Every answer
 * carries x-request-id; every request leaves exactly one log row; errors are rendered in the
 * client's protocol; the token never appears in a row or a message.
 */
import { findProvider } from '../core/catalog/providers.ts'
import type { EndpointGroup } from '../core/protocols/codec.ts'
import { findCodec } from '../core/protocols/index.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import { BridgeError } from '../core/errors.ts'
import { type KeyRing, openToken } from '../core/url-token/index.ts'
import type { ServerConfig } from '../config.ts'
import { errorResponse, toBridgeError } from './error-response.ts'
import type { RequestLogSink } from '../log/request-log-row.ts'
import { authSecrets } from '../upstream/auth/index.ts'
import { reuseEgressVerdict, type EgressPolicy } from '../upstream/egress/index.ts'
import type { CheckEgressAtUse } from '../upstream/call-upstream.ts'
import { attemptsOf } from '../upstream/upstream-outcome.ts'
import { createDrain, drainingError, type Drain } from '../proxy-guards/index.ts'
import { listModelsLocally } from './answer-locally.ts'
import { listModelsUpstream } from './list-models-upstream.ts'
import { countTokensLocally, countTokensUpstream } from './count-tokens.ts'
import { TokenCalibration } from '../core/tokens/calibrate-tokens.ts'
import { decideAction, matchSourceRoute, type RouteDecision } from './decide-route.ts'
import { extractToken, forwardableQuery } from './extract-token.ts'
import { newRequestId } from './new-request-id.ts'
import { forwardPassthrough } from './passthrough.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { CLIENT_CLOSED_STATUS, RequestLogDraft } from './request-log-draft.ts'
import { isWebSocketUpgrade, webSocketRefused } from './refuse-websocket.ts'
import { secretForms } from './secret-forms.ts'
import { translateChat } from './translate-chat.ts'
import { translateEmbeddings } from './translate-embeddings.ts'
import { everyNth } from './watch-translated-grammar.ts'

export type ProxyDeps = {
  keyRing: KeyRing
  config: ServerConfig
  /** One row per request, however it ends (record() never throws). */
  log: RequestLogSink
  reasoningKey: CryptoKey
  /** Injected upstream fetch for tests. */
  fetch?: typeof fetch
  /** Default built from config: allowHosts, ownPorts [config.port]. */
  egress?: EgressPolicy
  /** The server's shutdown drain (main.ts begins it on SIGTERM); a private one that never begins by default. */
  drain?: Drain
  /** The token counts' per-model calibration; a fresh one per handler by default. */
  tokenCalibration?: TokenCalibration
  /** Seeds it from the request log on first need (seed-calibration.ts). */
  seedCalibration?: () => Promise<void>
}

/**
 * `url`: request.url already parsed by the server (the hot path parses it once); parsed here when
 * omitted. Typed `unknown` on purpose: handed straight to Bun.serve as `fetch`, the handler gets
 * the Server object there, which must count as "not given".
 */
export type ProxyHandler = (request: Request, url?: unknown) => Promise<Response>

export function createProxyHandler(deps: ProxyDeps): ProxyHandler {
  const egress: EgressPolicy = deps.egress ?? { allowHosts: deps.config.allowHosts, ownPorts: [deps.config.port] }
  const drain = deps.drain ?? createDrain()
  const checkGrammar = everyNth(deps.config.streams.grammarCheckEvery)
  const checkAtUse = reuseEgressVerdict()
  const checkUse: CheckEgressAtUse = (url) => checkAtUse(url, egress)
  const tokenCalibration = deps.tokenCalibration ?? new TokenCalibration()
  return async (request, parsedUrl) => {
    const requestId = newRequestId()
    const url = parsedUrl instanceof URL ? parsedUrl : new URL(request.url)
    const location = extractToken(url, request.headers)
    const userAgent = request.headers.get('user-agent') ?? undefined
    const draft = new RequestLogDraft(deps.log, { requestId, method: request.method, path: `/${location.upstreamPath}`, ...(userAgent === undefined ? {} : { userAgent }) })
    const abort = new AbortController()
    // A client that leaves cancels the upstream call in every phase (LESSONS #23).
    request.signal.addEventListener('abort', () => abort.abort(), { once: true })
    releaseAtDrainEnd(draft, abort, drain)
    let config: ProxyConfig | undefined
    let group: EndpointGroup | undefined
    try {
      // A request on a kept-alive connection during shutdown: refused like a new connection would be.
      if (drain.draining) throw drainingError()
      if (location.token === undefined) throw missingToken()
      config = await openToken(location.token, deps.keyRing)
      const { secrets, forms } = credentialsOf(config)
      draft.setSecrets(secrets)
      describeConfig(draft, config)
      if (isWebSocketUpgrade(request.headers)) throw webSocketRefused()
      const preset = config.target.provider === undefined ? undefined : findProvider(config.target.provider)
      const { source, route } = matchSourceRoute(config, request.method, location.upstreamPath, findCodec, url.searchParams)
      group = route.group
      draft.row.endpointGroup = group
      const decision = decideAction(config, source, route, preset, findCodec)
      const context: PipelineContext = {
        request, requestId, upstreamPath: location.upstreamPath, forwardQuery: forwardableQuery(url), maxBodyBytes: deps.config.maxBodyBytes,
        draft, secretForms: forms, logBodies: deps.config.logBodies, abort, fetch: deps.fetch, checkEgress: checkUse, reasoningKey: deps.reasoningKey, preset,
        retry: deps.config.retry, timeouts: deps.config.timeouts, streams: deps.config.streams, checkGrammar, drain, tokenCalibration,
        ...(deps.seedCalibration === undefined ? {} : { seedCalibration: deps.seedCalibration }),
      }
      return await dispatch(context, config, decision)
    } catch (error) {
      const failure = toBridgeError(error)
      const response = errorResponse(failure, config?.source.protocol, { requestId, ...(config?.target.provider === undefined ? {} : { provider: config.target.provider }), ...(group === undefined ? {} : { endpointGroup: group }) })
      const status = request.signal.aborted ? CLIENT_CLOSED_STATUS : response.status
      // Exhausted retries carry their attempt count; the row must show the upstream calls made.
      const attempts = attemptsOf(error)
      if (attempts !== undefined) draft.row.attempts = attempts
      draft.finish({ status, errorCode: failure.code, errorMessage: failure.message, ...(failure.upstreamStatus === undefined ? {} : { upstreamStatus: failure.upstreamStatus }) })
      return response
    }
  }
}

/**
 * Counts the request as in flight until its row is recorded (so the drain's idle() means every
 * row is in the log's queue), and aborts its upstream when the drain window ends, in any phase.
 */
function releaseAtDrainEnd(draft: RequestLogDraft, abort: AbortController, drain: Drain): void {
  draft.onFinish(drain.enter(() => abort.abort(drain.expired.reason)))
}

function dispatch(context: PipelineContext, config: ProxyConfig, decision: RouteDecision): Promise<Response> | Response {
  switch (decision.action) {
    case 'passthrough':
      return forwardPassthrough(context, config, decision.route, decision.source, decision.target)
    case 'translate':
      return translateChat(context, config, decision.route, { source: decision.source, target: decision.target })
    case 'translate-embeddings':
      return translateEmbeddings(context, config, decision.route, { source: decision.source, target: decision.target })
    case 'count-tokens-locally':
      return countTokensLocally(context, config, decision.source, decision.route)
    case 'count-tokens-upstream':
      return countTokensUpstream(context, config, decision.source, decision.route, decision.target)
    case 'list-models-locally':
      return listModelsLocally(context, config, decision.source, decision.route)
    case 'list-models-upstream':
      return listModelsUpstream(context, config, decision.source, decision.route, decision.target)
  }
}

/**
 * The key values of a URL's upstream auth and the spellings an upstream may echo them in, worked
 * out once per opened config (the token cache hands out the same frozen object on every request).
 */
type Credentials = { secrets: readonly string[]; forms: readonly string[] }
const credentialCache = new WeakMap<ProxyConfig, Credentials>()

function credentialsOf(config: ProxyConfig): Credentials {
  let credentials = credentialCache.get(config)
  if (credentials === undefined) {
    const secrets = authSecrets(config.target.auth)
    credentials = { secrets, forms: secretForms(secrets) }
    credentialCache.set(config, credentials)
  }
  return credentials
}

function describeConfig(draft: RequestLogDraft, config: ProxyConfig): void {
  draft.row.tokenId = config.tokenId
  if (config.label !== undefined) draft.row.label = config.label
  draft.row.sourceProtocol = config.source.protocol
  draft.row.targetProtocol = config.target.protocol
  if (config.target.provider !== undefined) draft.row.provider = config.target.provider
}

function missingToken(): BridgeError {
  return new BridgeError({
    kind: 'invalid-request', code: 'MISSING_TOKEN', status: 400,
    message: 'No proxy token: use the generated URL /proxy/{token}/…, or send the token as the API key',
  })
}
