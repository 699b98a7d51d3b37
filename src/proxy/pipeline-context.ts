/** Per-request facts every pipeline stage (passthrough, translation, local answers) needs. */
import type { ProviderPreset } from '../core/catalog/provider-preset.ts'
import type { ServerConfig } from '../config.ts'
import type { Drain } from '../proxy-guards/index.ts'
import type { CheckEgressAtUse } from '../upstream/call-upstream.ts'
import type { TokenCalibration } from '../core/tokens/calibrate-tokens.ts'
import type { RequestLogDraft } from './request-log-draft.ts'

export type PipelineContext = {
  request: Request
  requestId: string
  /** The client path after the token, without query: `v1/messages`. */
  upstreamPath: string
  /** Client query parameters safe to forward on passthrough (never `key`). */
  forwardQuery: URLSearchParams
  maxBodyBytes: number
  draft: RequestLogDraft
  /**
   * Every spelling of the URL's upstream key(s) (secret-forms.ts), for redacting what the upstream
   * echoes back to the client; empty when the target needs no key (the redaction stages are skipped).
   */
  secretForms: readonly string[]
  /** --log-bodies: the row gets the request and answer bodies (redacted by the log's writer). Off: no capture at all. */
  logBodies: boolean
  /**
   * Releases the upstream in every phase: aborted when the client goes away, stops reading for
   * too long, or the drain window of a shutdown ends (its reason then says which).
   */
  abort: AbortController
  fetch: typeof fetch | undefined
  checkEgress: CheckEgressAtUse
  reasoningKey: CryptoKey
  preset: ProviderPreset | undefined
  /** Server-wide retry settings; the URL's own retry object overlays them. */
  retry: ServerConfig['retry']
  timeouts: ServerConfig['timeouts']
  streams: ServerConfig['streams']
  /** Whether this request's translated client stream gets the grammar check (sampled per handler). */
  checkGrammar: () => boolean
  /** Shutdown: streams in flight end with the protocol's error event when the window is over. */
  drain: Drain
  /** Per-model correction of local token counts, taught by translated chat requests; none: counts are uncorrected. */
  tokenCalibration?: TokenCalibration
  /** Seeds tokenCalibration from the request log, once (seed-calibration.ts); none without a readable log. */
  seedCalibration?: () => Promise<void>
}
