/**
 * Canonical messages → Gemini `contents`. Rules that keep Gemini from answering 400:
 * - roles user/model only, function responses in a user content, consecutive same-role contents
 *   merged, no empty contents (gemini.md §4);
 * - functionResponse.name is required: looked up from the call when the source kept only an id;
 *   the response is an object (`{output}` or `{error}`);
 * - thought signatures go back on the part that carried them: a tool call's own signature on its
 *   functionCall part, an empty reasoning part's signature on the part before it (decode-contents
 *   puts it there). Reasoning from other providers is dropped (only valid at its origin).
 *   A step of function calls in the current turn (after the last user message that is more than
 *   function responses: Gemini validates no earlier turn) with no signature at all (history
 *   from another provider) gets Google's documented placeholder, with a warning: Gemini 3
 *   rejects it otherwise.
 * Signatures never travel in tool-call ids (LESSONS #29).
 * @see ../../../../../shared/protocols/gemini.md §4.2
 * @see ../../../../../shared/protocols/mapping.md §10.1, §10.3
 */
import type { ChatMessage, ContentPart, ReasoningPart, ToolCallPart, ToolResultPart, WarningSink } from '../../model/index.ts'
import { isReasoningEnvelope } from '../../reasoning/reasoning-signature.ts'
import { encodeMedia } from './encode-media.ts'
import { isObject } from './read-json.ts'
import { isSyntheticCallId } from './tool-call-id.ts'
import type { WireContent, WirePart } from './wire.ts'

/** Google's documented value that skips thought-signature validation for replayed calls. */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator'

type Context = { warnings: WarningSink; callNames: Map<string, string>; path: string }

function geminiSignature(signature: string | undefined): string | undefined {
  return signature && !isReasoningEnvelope(signature) ? signature : undefined
}

function encodeReasoning(part: ReasoningPart, parts: WirePart[], context: Context): void {
  const signature = part.origin === 'gemini' ? geminiSignature(part.signature) : undefined
  if (part.origin !== 'gemini') {
    if (part.text !== '' || part.signature || part.redactedData) {
      context.warnings.add('dropped-reasoning', 'reasoning from another provider cannot be replayed to Gemini', 'reasoning')
    }
    return
  }
  if (part.text !== '') {
    parts.push(signature === undefined ? { text: part.text, thought: true } : { text: part.text, thought: true, thoughtSignature: signature })
    return
  }
  if (signature === undefined) return
  const previous = parts.at(-1)
  if (previous !== undefined && previous.thoughtSignature === undefined) previous.thoughtSignature = signature
  else parts.push({ text: '', thoughtSignature: signature })
}

function encodeToolCall(part: ToolCallPart, context: Context): WirePart {
  let args: unknown
  try {
    args = JSON.parse(part.arguments || '{}')
  } catch {
    args = undefined
  }
  if (!isObject(args)) {
    context.warnings.add('invalid-tool-arguments', 'tool-call arguments that are not a JSON object were sent as {}', `${context.path} (${part.name})`)
    args = {}
  }
  const call: WirePart['functionCall'] = { name: part.name, args: args as Record<string, unknown> }
  if (!isSyntheticCallId(part.id)) call.id = part.id
  const wire: WirePart = { functionCall: call }
  const signature = geminiSignature(part.signature)
  if (signature !== undefined) wire.thoughtSignature = signature
  return wire
}

function encodeToolResult(part: ToolResultPart, context: Context): WirePart[] {
  let name = part.name ?? context.callNames.get(part.toolCallId)
  if (name === undefined) {
    context.warnings.add('unknown-tool-name', 'a tool result names no call of this conversation; sent as "unknown"', context.path)
    name = 'unknown'
  }
  const texts: string[] = []
  const media: WirePart[] = []
  for (const item of part.content) {
    if (item.type === 'text') texts.push(item.text)
    else if (item.type === 'document' && item.source.kind === 'text') texts.push(item.source.text)
    else media.push(encodeMedia(item))
  }
  const text = texts.join('\n')
  const response = { name, response: part.isError ? { error: text } : { output: text } } as NonNullable<WirePart['functionResponse']>
  if (!isSyntheticCallId(part.toolCallId)) response.id = part.toolCallId
  return [{ functionResponse: response }, ...media]
}

function encodePart(part: ContentPart, parts: WirePart[], context: Context): void {
  if ('cacheControl' in part && part.cacheControl) context.warnings.add('dropped-field', 'cache_control has no Gemini equivalent', 'cache_control')
  switch (part.type) {
    case 'text':
      if (part.text !== '') parts.push({ text: part.text })
      return
    case 'image':
    case 'document':
      parts.push(encodeMedia(part))
      return
    case 'reasoning':
      return encodeReasoning(part, parts, context)
    case 'tool-call':
      parts.push(encodeToolCall(part, context))
      return
    case 'tool-result':
      parts.push(...encodeToolResult(part, context))
  }
}

/** A step of calls none of which Gemini signed: the first call carries the placeholder. */
function signUnsignedCalls(parts: WirePart[], context: Context): void {
  const calls = parts.filter((part) => part.functionCall !== undefined)
  if (calls.length === 0 || calls.some((call) => call.thoughtSignature !== undefined)) return
  calls[0]!.thoughtSignature = SKIP_THOUGHT_SIGNATURE
  context.warnings.add(
    'placeholder-thought-signature',
    `function calls without a Gemini thought signature (history from another provider) sent with "${SKIP_THOUGHT_SIGNATURE}"`,
    'thoughtSignature',
  )
}

/** Where the current turn starts: the last user message that is not only tool results. */
function currentTurnStart(messages: readonly ChatMessage[]): number {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!
    if (message.role === 'user' && message.content.some((part) => part.type !== 'tool-result')) return index
  }
  return -1
}

export function encodeContents(messages: readonly ChatMessage[], warnings: WarningSink): WireContent[] {
  const callNames = new Map<string, string>()
  for (const message of messages) for (const part of message.content) if (part.type === 'tool-call') callNames.set(part.id, part.name)
  const turnStart = currentTurnStart(messages)
  const contents: WireContent[] = []
  messages.forEach((message, index) => {
    const context: Context = { warnings, callNames, path: `messages[${index}]` }
    const parts: WirePart[] = []
    for (const part of message.content) encodePart(part, parts, context)
    if (message.role === 'assistant' && index > turnStart) signUnsignedCalls(parts, context)
    if (parts.length === 0) return
    const role = message.role === 'assistant' ? 'model' : 'user'
    const previous = contents.at(-1)
    if (previous?.role === role) previous.parts.push(...parts)
    else contents.push({ role, parts })
  })
  return contents
}
