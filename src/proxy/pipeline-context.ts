/** Per-request facts every pipeline stage (passthrough, translation, local answers) needs. */
import type { ProviderPreset } from '../core/catalog/provider-preset.ts'
import type { ServerConfig } from '../config.ts'
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
  /** Aborted when the client goes away: cancels the upstream call in every phase. */
  abort: AbortController
  fetch: typeof fetch | undefined
  checkEgress: (url: URL) => Promise<void>
  reasoningKey: CryptoKey
  preset: ProviderPreset | undefined
  /** Server-wide retry settings; the URL's own retry object overlays them. */
  retry: ServerConfig['retry']
  timeouts: ServerConfig['timeouts']
}
