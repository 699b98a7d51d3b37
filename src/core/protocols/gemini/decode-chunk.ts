/**
 * One GenerateContentResponse (a stream chunk, or a whole answer) → canonical events. Gemini has
 * no block events: indices are assigned in order of first appearance and start/end synthesised.
 * - thought parts → a reasoning block; a thoughtSignature on one closes it with the signature;
 * - text parts → a text block that stays open across chunks; a signature on a text part, or on
 *   the empty trailing part Gemini 3 sends, becomes a signature-only reasoning block right after
 *   (encode-contents puts it back on the part before);
 * - a functionCall arrives whole: start, one arguments delta, end with its signature; parallel
 *   calls follow one another; Vertex's streamed arguments (partial-args.ts) are gathered first;
 * - executableCode / codeExecutionResult (built-in code execution) become fenced text;
 * - finishReason may come twice (fixture gemini-code-execution-two-finish-reasons.sse): the
 *   stream ends when the body does, with the last reason; usageMetadata is a running total.
 * @see ../../../../../shared/protocols/gemini.md §7, §8
 * @see ../../../../../shared/protocols/mapping.md §10.4
 */
import type { FinishReason, StreamEvent, Usage } from '../../model/index.ts'
import { decodeUsage } from './convert-usage.ts'
import { decodeBlockReason, decodeFinishReason } from './map-stop-reason.ts'
import { PartialArgs } from './partial-args.ts'
import { arrayOrEmpty, isObject, stringOrUndefined, type JsonObject } from './read-json.ts'
import { randomCallId } from './tool-call-id.ts'

type StreamedCall = { index: number; args: PartialArgs; signature?: string }

export class ChunkDecoder {
  private out: StreamEvent[] = []
  private started = false
  private nextIndex = 0
  private text: number | undefined
  private reasoning: number | undefined
  private streamedCall: StreamedCall | undefined
  private hadToolCalls = false
  private finishRaw: string | undefined
  private blockReason: string | undefined
  private usage: Partial<Usage> | undefined

  /** Whether the upstream said how the answer ended (a finishReason or a blocked prompt). */
  get finished(): boolean {
    return this.finishRaw !== undefined || this.blockReason !== undefined
  }

  take(): StreamEvent[] {
    const events = this.out
    this.out = []
    return events
  }

  onChunk(chunk: JsonObject): void {
    if (!this.started) this.start(chunk)
    const usage = decodeUsage(chunk.usageMetadata)
    if (usage !== undefined) this.usage = { ...this.usage, ...usage }
    const feedback = chunk.promptFeedback
    if (isObject(feedback) && typeof feedback.blockReason === 'string') this.blockReason = feedback.blockReason
    const candidates = arrayOrEmpty(chunk.candidates)
    const candidate = candidates.find((item) => isObject(item) && (item.index ?? 0) === 0) ?? candidates[0]
    if (!isObject(candidate)) return
    const content = candidate.content
    if (isObject(content)) for (const part of arrayOrEmpty(content.parts)) if (isObject(part)) this.onPart(part)
    const reason = stringOrUndefined(candidate.finishReason)
    if (reason !== undefined && reason !== '') this.finishRaw = reason
  }

  /** Closes every block, then the final usage and the finish. */
  end(): void {
    this.closeAll()
    if (this.usage !== undefined) this.out.push({ type: 'usage', usage: this.usage })
    this.out.push({ type: 'response-end', finishReason: this.finishReason() })
  }

  fail(event: Extract<StreamEvent, { type: 'error' }>): void {
    if (!this.started) this.start({})
    this.out.push(event)
  }

  private finishReason(): FinishReason {
    if (this.finishRaw === undefined && this.blockReason !== undefined) return decodeBlockReason(this.blockReason)
    return decodeFinishReason(this.finishRaw, this.hadToolCalls)
  }

  private start(chunk: JsonObject): void {
    this.started = true
    const event: Extract<StreamEvent, { type: 'response-start' }> = {
      type: 'response-start',
      id: stringOrUndefined(chunk.responseId) || `gemini-${crypto.randomUUID()}`,
      model: stringOrUndefined(chunk.modelVersion) ?? '',
    }
    const created = typeof chunk.createTime === 'string' ? Date.parse(chunk.createTime) : Number.NaN
    if (Number.isFinite(created)) event.created = Math.floor(created / 1000)
    const usage = decodeUsage(chunk.usageMetadata)
    if (usage?.inputTokens !== undefined) {
      event.usage = usage.cacheReadTokens === undefined ? { inputTokens: usage.inputTokens } : { inputTokens: usage.inputTokens, cacheReadTokens: usage.cacheReadTokens }
    }
    this.out.push(event)
  }

  private onPart(part: JsonObject): void {
    const signature = stringOrUndefined(part.thoughtSignature) || undefined
    if (isObject(part.functionCall)) return this.onFunctionCall(part.functionCall, signature)
    if (typeof part.text === 'string') {
      if (part.thought === true) return this.onThought(part.text, signature)
      this.appendText(part.text)
    } else if (isObject(part.executableCode)) {
      const code = part.executableCode
      this.appendText(`\n\`\`\`${(stringOrUndefined(code.language) ?? '').toLowerCase()}\n${stringOrUndefined(code.code) ?? ''}\n\`\`\`\n`)
    } else if (isObject(part.codeExecutionResult)) {
      this.appendText(`\n\`\`\`\n${stringOrUndefined(part.codeExecutionResult.output) ?? ''}\n\`\`\`\n`)
    }
    if (signature !== undefined) this.signatureBlock(signature)
  }

  private onThought(text: string, signature: string | undefined): void {
    this.closeText()
    this.finishStreamedCall()
    if (this.reasoning === undefined) {
      this.reasoning = this.nextIndex++
      this.out.push({ type: 'reasoning-start', index: this.reasoning })
    }
    if (text !== '') this.out.push({ type: 'reasoning-delta', index: this.reasoning, text })
    if (signature === undefined) return
    this.out.push({ type: 'reasoning-signature', index: this.reasoning, signature })
    this.closeReasoning()
  }

  private appendText(text: string): void {
    if (text === '') return
    this.closeReasoning()
    this.finishStreamedCall()
    if (this.text === undefined) {
      this.text = this.nextIndex++
      this.out.push({ type: 'text-start', index: this.text })
    }
    this.out.push({ type: 'text-delta', index: this.text, text })
  }

  private signatureBlock(signature: string): void {
    this.closeText()
    this.closeReasoning()
    const index = this.nextIndex++
    this.out.push({ type: 'reasoning-start', index }, { type: 'reasoning-signature', index, signature }, { type: 'reasoning-end', index })
  }

  private onFunctionCall(call: JsonObject, signature: string | undefined): void {
    const name = stringOrUndefined(call.name)
    const pending = this.streamedCall
    if (pending !== undefined && name === undefined) {
      pending.args.apply(call.partialArgs)
      if (signature !== undefined) pending.signature = signature
      if (call.willContinue !== true) this.finishStreamedCall()
      return
    }
    if (name === undefined) return
    this.closeText()
    this.closeReasoning()
    this.finishStreamedCall()
    this.hadToolCalls = true
    const index = this.nextIndex++
    this.out.push({ type: 'tool-call-start', index, id: stringOrUndefined(call.id) || randomCallId(), name })
    if (call.willContinue === true && call.args === undefined) {
      this.streamedCall = { index, args: new PartialArgs() }
      this.streamedCall.args.apply(call.partialArgs)
      if (signature !== undefined) this.streamedCall.signature = signature
      return
    }
    this.out.push({ type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(isObject(call.args) ? call.args : {}) })
    this.out.push(signature === undefined ? { type: 'tool-call-end', index } : { type: 'tool-call-end', index, signature })
  }

  private finishStreamedCall(): void {
    const call = this.streamedCall
    if (call === undefined) return
    this.streamedCall = undefined
    this.out.push({ type: 'tool-call-delta', index: call.index, argumentsDelta: JSON.stringify(call.args.args) })
    this.out.push(call.signature === undefined ? { type: 'tool-call-end', index: call.index } : { type: 'tool-call-end', index: call.index, signature: call.signature })
  }

  private closeText(): void {
    if (this.text === undefined) return
    this.out.push({ type: 'text-end', index: this.text })
    this.text = undefined
  }

  private closeReasoning(): void {
    if (this.reasoning === undefined) return
    this.out.push({ type: 'reasoning-end', index: this.reasoning })
    this.reasoning = undefined
  }

  private closeAll(): void {
    this.closeText()
    this.closeReasoning()
    this.finishStreamedCall()
  }
}
