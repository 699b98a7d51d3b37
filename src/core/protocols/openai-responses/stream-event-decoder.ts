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
import { decodeReasoningItem, SUMMARY_SEPARATOR } from './decode-reasoning-item.ts'
import { decodeFinishReason, type OutputFacts } from './map-stop-reason.ts'

type Block =
  | { kind: 'reasoning'; index: number; summaryIndex: number; emitted: boolean; encrypted?: string }
  | { kind: 'message'; index?: number; emitted: boolean }
  | { kind: 'call'; index: number; custom: boolean; emitted: boolean }

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
    switch (type) {
      case 'response.output_item.added':
        return this.onItemAdded(outputIndex, isObject(event.item) ? event.item : {})
      case 'response.output_item.done':
        return this.onItemDone(outputIndex, isObject(event.item) ? event.item : {})
      case 'response.output_text.delta':
        return this.appendText(outputIndex, optionalString(event.delta) ?? '')
      case 'response.refusal.delta':
        this.facts.hadRefusal = true
        return this.appendText(outputIndex, optionalString(event.delta) ?? '')
      case 'response.output_text.done':
        return this.emitTextIfSilent(outputIndex, optionalString(event.text))
      case 'response.refusal.done':
        return this.emitTextIfSilent(outputIndex, optionalString(event.refusal))
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return this.appendReasoning(outputIndex, optionalNumber(event.summary_index) ?? optionalNumber(event.content_index) ?? 0, optionalString(event.delta) ?? '')
      case 'response.function_call_arguments.delta':
        return this.appendArguments(outputIndex, optionalString(event.delta) ?? '')
      case 'response.function_call_arguments.done':
        return this.emitArgumentsIfSilent(outputIndex, optionalString(event.arguments))
      case 'response.custom_tool_call_input.delta':
        return this.appendArguments(outputIndex, escapeJsonText(optionalString(event.delta) ?? ''))
      case 'response.custom_tool_call_input.done':
        return this.emitArgumentsIfSilent(outputIndex, escapeJsonText(optionalString(event.input) ?? ''))
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
      const block: Block = { kind: 'reasoning', index: this.nextIndex++, summaryIndex: 0, emitted: false }
      const encrypted = optionalString(item.encrypted_content)
      if (encrypted) block.encrypted = encrypted
      this.blocks.set(outputIndex, block)
      this.out.push({ type: 'reasoning-start', index: block.index })
    } else if (item.type === 'message') {
      this.blocks.set(outputIndex, { kind: 'message', emitted: false })
    } else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      this.facts.hadToolCalls = true
      const call = decodeCall(item)
      const block: Block = { kind: 'call', index: this.nextIndex++, custom: item.type === 'custom_tool_call', emitted: false }
      this.blocks.set(outputIndex, block)
      this.out.push({ type: 'tool-call-start', index: block.index, id: call.id, name: call.name })
      if (block.custom) this.out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: '{"input":"' })
    }
  }

  private appendText(outputIndex: number, text: string): void {
    const block = this.blocks.get(outputIndex) ?? this.adoptMessage(outputIndex)
    if (block?.kind !== 'message' || text === '') return
    if (block.index === undefined) {
      block.index = this.nextIndex++
      this.out.push({ type: 'text-start', index: block.index })
    }
    block.emitted = true
    this.out.push({ type: 'text-delta', index: block.index, text })
  }

  /** A text delta for an item never announced: taken as a message (lenient gateways). */
  private adoptMessage(outputIndex: number): Block | undefined {
    if (outputIndex < 0) return undefined
    const block: Block = { kind: 'message', emitted: false }
    this.blocks.set(outputIndex, block)
    return block
  }

  private emitTextIfSilent(outputIndex: number, text: string | undefined): void {
    const block = this.blocks.get(outputIndex)
    if (block?.kind === 'message' && !block.emitted && text) this.appendText(outputIndex, text)
  }

  private appendReasoning(outputIndex: number, summaryIndex: number, text: string): void {
    const block = this.blocks.get(outputIndex)
    if (block?.kind !== 'reasoning' || text === '') return
    if (block.emitted && summaryIndex !== block.summaryIndex) this.out.push({ type: 'reasoning-delta', index: block.index, text: SUMMARY_SEPARATOR })
    block.summaryIndex = summaryIndex
    block.emitted = true
    this.out.push({ type: 'reasoning-delta', index: block.index, text })
  }

  private appendArguments(outputIndex: number, fragment: string): void {
    const block = this.blocks.get(outputIndex)
    if (block?.kind !== 'call' || fragment === '') return
    block.emitted = true
    this.out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: fragment })
  }

  private emitArgumentsIfSilent(outputIndex: number, text: string | undefined): void {
    const block = this.blocks.get(outputIndex)
    if (block?.kind === 'call' && !block.emitted && text) this.appendArguments(outputIndex, text)
  }

  private onItemDone(outputIndex: number, item: JsonObject): void {
    if (!this.blocks.has(outputIndex)) this.onItemAdded(outputIndex, item)
    const block = this.blocks.get(outputIndex)
    if (block === undefined) return
    if (block.kind === 'reasoning') {
      const part = decodeReasoningItem(item)
      if (!block.emitted && part.text !== '') this.appendReasoning(outputIndex, 0, part.text)
      // The added item's encrypted_content may be incomplete; the done item's is the one to keep.
      const encrypted = part.signature ?? block.encrypted
      if (encrypted !== undefined) block.encrypted = encrypted
    } else if (block.kind === 'message' && !block.emitted) {
      for (const part of arrayOf(item.content)) {
        if (!isObject(part)) continue
        if (part.type === 'refusal') this.facts.hadRefusal = true
        this.appendText(outputIndex, optionalString(part.text) ?? optionalString(part.refusal) ?? '')
      }
    } else if (block.kind === 'call' && !block.emitted) {
      this.emitArgumentsIfSilent(outputIndex, block.custom ? escapeJsonText(optionalString(item.input) ?? '') : optionalString(item.arguments))
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
      else if (!block.emitted) this.out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: '{}' })
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

/** Raw text as the inside of a JSON string literal: fragments concatenate to valid JSON. */
export function escapeJsonText(text: string): string {
  return JSON.stringify(text).slice(1, -1)
}
