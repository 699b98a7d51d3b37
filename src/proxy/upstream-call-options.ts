/**
 * What every upstream call of the pipeline shares: abort signal, egress check, retries (server
 * settings overlaid with the URL's own), timeouts, the upstream key for redaction, and how an
 * error answer reads (the target codec's decodeError, normalised).
 */
import type { ProtocolCodec } from '../core/protocols/codec.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import type { UpstreamCallOptions } from '../upstream/call-upstream.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { normaliseUpstreamError } from './relay-upstream-error.ts'

type SharedOptions = Omit<UpstreamCallOptions, 'url' | 'method' | 'headers' | 'body'>

export function upstreamCallOptions(context: PipelineContext, config: ProxyConfig, errorCodec: ProtocolCodec): SharedOptions {
  // Every spelling of the key: an upstream may echo it JSON-escaped or URL-encoded.
  const secrets = context.secretForms
  const options: SharedOptions = {
    signal: context.abort.signal,
    checkEgress: context.checkEgress,
    retry: { ...context.retry, ...config.retry },
    timeouts: context.timeouts,
    secrets,
    describeError: (status, bodyText, headers) => {
      let body: unknown = bodyText
      try {
        body = JSON.parse(bodyText)
      } catch {
        // Plain-text error bodies are decoded as text.
      }
      return normaliseUpstreamError(errorCodec.decodeError(status, body, headers), status, secrets)
    },
  }
  if (context.fetch !== undefined) options.fetch = context.fetch
  return options
}
