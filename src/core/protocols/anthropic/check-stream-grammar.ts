/**
 * The grammar of an Anthropic Messages stream as the bridge sends it to a client (LESSONS #1,
 * #2, #10): exactly one message_start first; content blocks with contiguous indices from 0, one
 * open at a time, each content_block_start → deltas of its own kind → content_block_stop; a
 * tool_use block's streamed JSON parses at its stop; one message_delta (stop_reason and usage)
 * with no block open, then message_stop, last. `ping` may come anywhere in between. An `error`
 * event ends the stream at any point (an upstream failure mid-answer): nothing may follow it.
 * The official SDK's accumulator throws on most of these; Claude Code stops its agent loop.
 * @see ../../../../../shared/protocols/anthropic-messages.md §10
 */
import { type GrammarCheck, isJsonText, parseJsonObject, type SseFrame, splitSseText } from '../../stream/grammar-check.ts'
import { isObject } from '../../json-object.ts'

/** Which delta types each block type may receive. */
const DELTAS_OF: Record<string, readonly string[]> = {
  text: ['text_delta', 'citations_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  redacted_thinking: [],
  tool_use: ['input_json_delta'],
  server_tool_use: ['input_json_delta'],
}

type OpenBlock = { index: number; type: string; json: string }

export class AnthropicGrammarCheck implements GrammarCheck {
  readonly violations: string[] = []
  private position = 0
  private started = false
  private nextIndex = 0
  private open: OpenBlock | undefined
  private sawMessageDelta = false
  private terminal: 'message_stop' | 'error' | undefined

  push(frame: SseFrame): void {
    const payload = parseJsonObject(frame.data)
    if (payload === undefined) {
      this.violations.push(`event ${this.position++}: data is not a JSON object`)
      return
    }
    this.pushPayload(payload, frame.event)
  }

  /** One parsed event; `eventName` is the SSE `event:` line when there was one. */
  pushPayload(payload: Record<string, unknown>, eventName?: string): void {
    const type = typeof payload.type === 'string' ? payload.type : '(no type)'
    const where = `event ${this.position++} (${type})`
    const problem = (text: string): void => void this.violations.push(`${where}: ${text}`)
    if (eventName !== undefined && eventName !== type) problem(`the SSE event name is ${eventName}`)
    if (this.terminal !== undefined) problem(`after ${this.terminal}`)
    if (type === 'error') {
      this.terminal = 'error'
      return
    }
    if (!this.started && type !== 'message_start') problem('the stream must begin with message_start')
    switch (type) {
      case 'message_start':
        if (this.started) problem('a second message_start')
        this.started = true
        return
      case 'ping':
        return
      case 'content_block_start':
        return this.startBlock(payload, problem)
      case 'content_block_delta':
        return this.blockDelta(payload, problem)
      case 'content_block_stop':
        return this.stopBlock(payload, problem)
      case 'message_delta':
        if (this.open !== undefined) problem(`block ${this.open.index} is still open`)
        if (this.sawMessageDelta) problem('a second message_delta')
        this.sawMessageDelta = true
        if (!isObject(payload.delta) || typeof payload.delta.stop_reason !== 'string') problem('no stop_reason')
        if (!isObject(payload.usage) || typeof payload.usage.output_tokens !== 'number') problem('no usage.output_tokens')
        return
      case 'message_stop':
        if (!this.sawMessageDelta) problem('message_stop without message_delta')
        this.terminal = 'message_stop'
        return
      default:
        problem('unknown event type')
    }
  }

  end(): readonly string[] {
    if (this.terminal === undefined) this.violations.push('the stream does not end with message_stop or error')
    return this.violations
  }

  private startBlock(payload: Record<string, unknown>, problem: (text: string) => void): void {
    const index = payload.index
    const block = isObject(payload.content_block) ? payload.content_block : {}
    const type = typeof block.type === 'string' ? block.type : '(no type)'
    if (this.sawMessageDelta) problem('a block after message_delta')
    if (this.open !== undefined) problem(`block ${this.open.index} is still open`)
    if (index !== this.nextIndex) problem(`index ${String(index)}, expected ${this.nextIndex}`)
    if (type === 'tool_use' && (typeof block.id !== 'string' || block.id === '' || typeof block.name !== 'string' || block.name === '')) {
      problem('a tool_use block without id or name')
    }
    const at = typeof index === 'number' ? index : this.nextIndex
    this.open = { index: at, type, json: '' }
    this.nextIndex = at + 1
  }

  private blockDelta(payload: Record<string, unknown>, problem: (text: string) => void): void {
    const delta = isObject(payload.delta) ? payload.delta : {}
    const type = typeof delta.type === 'string' ? delta.type : '(no type)'
    if (this.open === undefined || payload.index !== this.open.index) {
      problem(`delta for block ${String(payload.index)}, which is not open`)
      return
    }
    const allowed = DELTAS_OF[this.open.type]
    if (allowed !== undefined && !allowed.includes(type)) problem(`${type} in a ${this.open.type} block`)
    if (type === 'input_json_delta' && typeof delta.partial_json === 'string') this.open.json += delta.partial_json
  }

  private stopBlock(payload: Record<string, unknown>, problem: (text: string) => void): void {
    if (this.open === undefined || payload.index !== this.open.index) {
      problem(`stop for block ${String(payload.index)}, which is not open`)
      return
    }
    // LESSONS #1: arguments cut or garbled on the way show up here, not in the agent's tool runner.
    if (this.open.json !== '' && !isJsonText(this.open.json)) problem(`the tool input of block ${this.open.index} is not valid JSON`)
    this.open = undefined
  }
}


/** Parsed events (e.g. what an SDK iterator yielded) → violations; [] when well formed. */
export function checkAnthropicGrammar(events: readonly unknown[]): readonly string[] {
  const check = new AnthropicGrammarCheck()
  for (const event of events) check.pushPayload(isObject(event) ? event : {})
  return check.end()
}

/** A captured SSE body → violations (event names checked against the data too). */
export function checkAnthropicSse(text: string): readonly string[] {
  const check = new AnthropicGrammarCheck()
  for (const frame of splitSseText(text)) check.push(frame)
  return check.end()
}
