/**
 * The patch registry: presets name patches (catalog `patches: string[]`), the proxy applies
 * them by name. Request patches run on the wire body after encode-request; stream patches on
 * the canonical events after decode-stream (a non-streaming answer goes through
 * responseToEvents → stream patches → collectStream).
 */
import type { ProtocolId, StreamEvent } from '../model/index.ts'
import { autoToolChoiceWhileThinking, noEffortWithoutThinking } from './anthropic-request-patches.ts'
import {
  maxCompletionTokens,
  noReasoningEffort,
  noStreamOptions,
  noToolChoice,
  passTopK,
  reasoningField,
  stripReasoningContent,
} from './openai-chat-request-patches.ts'
import type { BodyPatchContext, Patch, RequestPatchContext } from './patch.ts'
import { toolMarkupInText } from './tool-markup-in-text.ts'

export type { BodyPatchContext, Patch, RequestPatch, RequestPatchContext, StreamPatch } from './patch.ts'

const PATCHES: readonly Patch[] = [
  maxCompletionTokens,
  stripReasoningContent,
  reasoningField,
  passTopK,
  noStreamOptions,
  noReasoningEffort,
  noToolChoice,
  toolMarkupInText,
  noEffortWithoutThinking,
  autoToolChoiceWhileThinking,
]

const BY_NAME = new Map(PATCHES.map((patch) => [patch.name, patch]))

export const PATCH_NAMES: readonly string[] = PATCHES.map((patch) => patch.name)

/** Applies the request patches among `names` in the given order; unknown names become a warning. */
export function applyRequestPatches(names: readonly string[], body: Record<string, unknown>, context: RequestPatchContext): Record<string, unknown> {
  for (const name of names) {
    const patch = BY_NAME.get(name)
    if (patch === undefined) context.warnings.add('unknown-patch', `No patch is named ${JSON.stringify(name)}`, name)
    else if (patch.kind === 'request') patch.apply(body, context)
  }
  return body
}

/**
 * Applies the passthrough-safe request patches among `names` to a client's own body (same
 * protocol on both sides); returns whether any of them changed it (each change is a warning).
 */
export function applyPassthroughPatches(names: readonly string[], body: Record<string, unknown>, context: BodyPatchContext): boolean {
  const before = context.warnings.items.length
  for (const name of names) {
    const patch = BY_NAME.get(name)
    if (patch?.kind === 'request' && patch.passthrough === true) patch.apply(body, context)
  }
  return context.warnings.items.length > before
}

/** Whether any of `names` is a request patch that also applies on passthrough. */
export function hasPassthroughPatches(names: readonly string[]): boolean {
  return names.some((name) => {
    const patch = BY_NAME.get(name)
    return patch?.kind === 'request' && patch.passthrough === true
  })
}

/** Wraps the decoded event batches in the stream patches among `names`, in the given order. */
export function applyStreamPatches(names: readonly string[], batches: AsyncIterable<StreamEvent[]>): AsyncIterable<StreamEvent[]> {
  let patched = batches
  for (const name of names) {
    const patch = BY_NAME.get(name)
    if (patch?.kind === 'stream') patched = patch.apply(patched)
  }
  return patched
}

/**
 * Why a preset for a `protocol` target may not name these patches: an unknown name, or a
 * request patch that edits another wire format's bodies (an OpenAI Chat patch would mangle a
 * Gemini body). undefined when they all fit. The catalog refuses such a preset when it loads.
 */
export function patchMismatch(names: readonly string[], protocol: ProtocolId): string | undefined {
  for (const name of names) {
    const patch = BY_NAME.get(name)
    if (patch === undefined) return `no patch is named ${JSON.stringify(name)}`
    if (patch.wire !== 'any' && patch.wire !== protocol) return `patch ${name} edits ${patch.wire} bodies, not ${protocol}`
  }
  return undefined
}
