/**
 * One Responses stream event → canonical events, with the state a stream needs. Items are keyed
 * by `output_index`, never by `item_id`: GitHub Copilot changes item_id on every event of the
 * same item (github-copilot-rotating-item-ids.chunks.txt). Canonical indices are assigned in
 * order of first appearance. A custom tool's raw input streams as the JSON text of `{"input":…}`
 * so every target sees ordinary function arguments.
 * @see ../../../../../shared/protocols/openai-responses.md §8
 * @see ../../../../../shared/protocols/mapping.md §8.4
 */
import type { StreamEvent, Usage } from '../../model/index.ts'
import { mergeUsage } from '../../model/index.ts'
import { arrayOf, isObject, optionalNumber, optionalString, type JsonObject } from '../openai/narrow.ts'
import { decodeUsage } from './convert-usage.ts'
import { decodeStreamFailure } from './decode-error.ts'
import { decodeCall } from './decode-output.ts'
import { SUMMARY_SEPARATOR } from './decode-reasoning-item.ts'
import { decodeFinishReason, type OutputFacts } from './map-stop-reason.ts'

type Block =
  | { kind: 'reasoning'; index: number; summaries: Map<number, string>; encrypted?: string }
  | { kind: 'message'; index?: number; parts: Map<number, string> }
  | { kind: 'call'; index: number; custom: boolean; emitted: string }

export class StreamEventDecoder {
  private out: StreamEvent[] = []
  private readonly blocks = new Map<number, Block>()
  private nextIndex = 0
  private started = false
  private id = ''
  private model = ''
  private created: number | undefined
  private usage: Usage | undefined
  private readonly facts: OutputFacts = { hadToolCalls: false, hadRefusal: false }
  /** A terminal event (response-end or error) was produced. */
  finished = false

  take(): StreamEvent[] {
    const events = this.out
    this.out = []
    return events
  }

  onEvent(event: JsonObject): void {
    if (this.finished) return
    const type = optionalString(event.type) ?? ''
    if (type === 'response.created' || type === 'response.in_progress' || type === 'response.queued') return this.onResponse(event.response)
    if (type === 'error') return this.fail(decodeStreamFailure(event, 'The upstream reported an error mid-stream'))
    if (type === 'response.failed') {
      const response = isObject(event.response) ? event.response : {}
      return this.fail(decodeStreamFailure(response.error, 'The upstream response failed'))
    }
    if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.done') return this.onEnd(event.response)
    this.start()
    const outputIndex = optionalNumber(event.output_index) ?? -1
    const part = optionalNumber(event.content_index) ?? optionalNumber(event.summary_index) ?? 0
    switch (type) {
      case 'response.output_item.added':
        return this.onItemAdded(outputIndex, isObject(event.item) ? event.item : {})
      case 'response.output_item.done':
        return this.onItemDone(outputIndex, isObject(event.item) ? event.item : {})
      case 'response.refusal.delta':
      case 'response.refusal.done':
        this.facts.hadRefusal = true
        if (type === 'response.refusal.done') return this.completeText(outputIndex, part, optionalString(event.refusal))
        return this.appendText(outputIndex, part, optionalString(event.delta) ?? '')
      case 'response.output_text.delta':
        return this.appendText(outputIndex, part, optionalString(event.delta) ?? '')
      case 'response.output_text.done':
        return this.completeText(outputIndex, part, optionalString(event.text))
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return this.appendReasoning(outputIndex, part, optionalString(event.delta) ?? '')
      case 'response.reasoning_summary_text.done':
      case 'response.reasoning_text.done':
        return this.completeReasoning(outputIndex, part, optionalString(event.text))
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        return this.appendArguments(outputIndex, optionalString(event.delta) ?? '')
      case 'response.function_call_arguments.done':
        return this.completeArguments(outputIndex, optionalString(event.arguments))
      case 'response.custom_tool_call_input.done':
        return this.completeArguments(outputIndex, optionalString(event.input))
    }
  }

  private onResponse(response: unknown): void {
    if (isObject(response)) {
      if (this.id === '' && typeof response.id === 'string') this.id = response.id
      if (this.model === '' && typeof response.model === 'string') this.model = response.model
      const created = optionalNumber(response.created_at)
      if (this.created === undefined && created !== undefined && created > 0) this.created = created
    }
    this.start()
  }

  private start(): void {
    if (this.started) return
    this.started = true
    const event: StreamEvent = { type: 'response-start', id: this.id || `resp_${crypto.randomUUID().replace(/-/g, '')}`, model: this.model }
    if (this.created !== undefined) event.created = this.created
    this.out.push(event)
  }

  private onItemAdded(outputIndex: number, item: JsonObject): void {
    if (this.blocks.has(outputIndex)) return
    if (item.type === 'reasoning') {
      const block: Block = { kind: 'reasoning', index: this.nextIndex++, summaries: new Map() }
      const encrypted = optionalString(item.encrypted_content)
      if (encrypted) block.encrypted = encrypted
      this.blocks.set(outputIndex, block)
      this.out.push({ type: 'reasoning-start', index: block.index })
    } else if (item.type === 'message') {
      this.blocks.set(outputIndex, { kind: 'message', parts: new Map() })
    } else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      this.facts.hadToolCalls = true
      const call = decodeCall(item)
      const block: Block = { kind: 'call', index: this.nextIndex++, custom: item.type === 'custom_tool_call', emitted: '' }
      this.blocks.set(outputIndex, block)
      this.out.push({ type: 'tool-call-start', index: block.index, id: call.id, name: call.name })
      if (block.custom) this.out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: '{"input":"' })
    }
  }

  private appendText(outputIndex: number, part: number, text: string): void {
    let block = this.blocks.get(outputIndex)
    // A text delta for an item never announced is taken as a message (lenient gateways).
    if (block === undefined && outputIndex >= 0) this.blocks.set(outputIndex, (block = { kind: 'message', parts: new Map() }))
    if (block?.kind !== 'message' || text === '') return
    if (block.index === undefined) {
      block.index = this.nextIndex++
      this.out.push({ type: 'text-start', index: block.index })
    }
    block.parts.set(part, (block.parts.get(part) ?? '') + text)
    this.out.push({ type: 'text-delta', index: block.index, text })
  }

  /**
   * The `.done` events carry the whole text: what the deltas missed is emitted from it (a delta-less
   * gateway; the trimmed deltas of openai-phase-commentary-final-answer.chunks.txt).
   */
  private completeText(outputIndex: number, part: number, text: string | undefined): void {
    const block = this.blocks.get(outputIndex)
    if (block?.kind === 'message' && text !== undefined) this.appendText(outputIndex, part, missingTail(block.parts.get(part) ?? '', text))
  }

  private appendReasoning(outputIndex: number, summaryIndex: number, text: string): void {
    const block = this.blocks.get(outputIndex)
    if (block?.kind !== 'reasoning' || text === '') return
    if (block.summaries.size > 0 && !block.summaries.has(summaryIndex)) {
      this.out.push({ type: 'reasoning-delta', index: block.index, text: SUMMARY_SEPARATOR })
    }
    block.summaries.set(summaryIndex, (block.summaries.get(summaryIndex) ?? '') + text)
    this.out.push({ type: 'reasoning-delta', index: block.index, text })
  }

  private completeReasoning(outputIndex: number, summaryIndex: number, text: string | undefined): void {
    const block = this.blocks.get(outputIndex)
    if (block?.kind === 'reasoning' && text !== undefined) {
      this.appendReasoning(outputIndex, summaryIndex, missingTail(block.summaries.get(summaryIndex) ?? '', text))
    }
  }

  /** Function arguments as they come; a custom tool's raw input escaped into its JSON string. */
  private appendArguments(outputIndex: number, fragment: string): void {
    const block = this.blocks.get(outputIndex)
    if (block?.kind !== 'call' || fragment === '') return
    block.emitted += fragment
    this.out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: block.custom ? escapeJsonText(fragment) : fragment })
  }

  private completeArguments(outputIndex: number, whole: string | undefined): void {
    const block = this.blocks.get(outputIndex)
    if (block?.kind === 'call' && whole !== undefined) this.appendArguments(outputIndex, missingTail(block.emitted, whole))
  }

  private onItemDone(outputIndex: number, item: JsonObject): void {
    if (!this.blocks.has(outputIndex)) this.onItemAdded(outputIndex, item)
    const block = this.blocks.get(outputIndex)
    if (block === undefined) return
    if (block.kind === 'reasoning') {
      arrayOf(item.summary).forEach((summary, position) => {
        if (isObject(summary)) this.completeReasoning(outputIndex, position, optionalString(summary.text))
      })
      // The added item's encrypted_content may be incomplete; the done item's is the one to keep.
      const encrypted = optionalString(item.encrypted_content)
      if (encrypted) block.encrypted = encrypted
    } else if (block.kind === 'message') {
      arrayOf(item.content).forEach((part, position) => {
        if (!isObject(part)) return
        if (part.type === 'refusal') this.facts.hadRefusal = true
        this.completeText(outputIndex, position, optionalString(part.text) ?? optionalString(part.refusal))
      })
    } else {
      this.completeArguments(outputIndex, block.custom ? optionalString(item.input) : optionalString(item.arguments))
    }
    this.close(outputIndex)
  }

  private close(outputIndex: number): void {
    const block = this.blocks.get(outputIndex)
    if (block === undefined) return
    this.blocks.delete(outputIndex)
    if (block.kind === 'reasoning') {
      if (block.encrypted !== undefined) this.out.push({ type: 'reasoning-signature', index: block.index, signature: block.encrypted })
      this.out.push({ type: 'reasoning-end', index: block.index })
    } else if (block.kind === 'message') {
      if (block.index !== undefined) this.out.push({ type: 'text-end', index: block.index })
    } else {
      if (block.custom) this.out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: '"}' })
      else if (block.emitted === '') this.out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: '{}' })
      this.out.push({ type: 'tool-call-end', index: block.index })
    }
  }

  private onEnd(response: unknown): void {
    this.onResponse(response)
    for (const outputIndex of [...this.blocks.keys()].sort((a, b) => a - b)) this.close(outputIndex)
    const body = isObject(response) ? response : {}
    const usage = decodeUsage(body.usage)
    if (usage !== undefined) this.usage = mergeUsage(this.usage, usage)
    if (this.usage !== undefined) this.out.push({ type: 'usage', usage: this.usage })
    const incomplete = isObject(body.incomplete_details) ? optionalString(body.incomplete_details.reason) : undefined
    const status = optionalString(body.status) ?? (incomplete === undefined ? 'completed' : 'incomplete')
    this.out.push({ type: 'response-end', finishReason: decodeFinishReason(status, incomplete, this.facts) })
    this.finished = true
  }

  fail(error: Extract<StreamEvent, { type: 'error' }>['error']): void {
    if (this.finished) return
    this.start()
    this.out.push({ type: 'error', error })
    this.finished = true
  }
}

/** What `whole` adds to what was emitted; nothing when they disagree (the deltas win). */
function missingTail(emitted: string, whole: string): string {
  return whole.length > emitted.length && whole.startsWith(emitted) ? whole.slice(emitted.length) : ''
}

/** Raw text as the inside of a JSON string literal: fragments concatenate to valid JSON. */
export function escapeJsonText(text: string): string {
  return JSON.stringify(text).slice(1, -1)
}
