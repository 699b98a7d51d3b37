/**
 * The grammar of a Responses stream as the bridge sends it to a client (Codex, the OpenAI SDK,
 * whose ResponseStream throws on most of these): every frame named after its `type`;
 * `sequence_number` 0, 1, 2…; `response.created` first, one response id throughout; output items
 * added with `output_index` 0, 1, 2…, each with an id (and a call_id for calls), item events
 * naming the open item's id and matching its type, closed once by `output_item.done`;
 * a function call's arguments valid JSON when the response completes (LESSONS #1); exactly one
 * terminal event, last: `response.completed` / `response.incomplete` with no item open and usage
 * carrying both detail objects (LESSONS #27), or `response.failed`, which an `error` event may
 * precede.
 * @see ../../../../../shared/protocols/openai-responses.md §8, §9
 */
import { isObject } from '../../json-object.ts'
import { type GrammarCheck, isJsonText, parseJsonObject, type SseFrame, splitSseText } from '../../stream/grammar-check.ts'

/** Item events and the item type they belong to. */
const ITEM_TYPE_OF: Record<string, string> = {
  'response.content_part.added': 'message',
  'response.content_part.done': 'message',
  'response.output_text.delta': 'message',
  'response.output_text.done': 'message',
  'response.refusal.delta': 'message',
  'response.refusal.done': 'message',
  'response.function_call_arguments.delta': 'function_call',
  'response.function_call_arguments.done': 'function_call',
  'response.custom_tool_call_input.delta': 'custom_tool_call',
  'response.custom_tool_call_input.done': 'custom_tool_call',
  'response.reasoning_summary_part.added': 'reasoning',
  'response.reasoning_summary_part.done': 'reasoning',
  'response.reasoning_summary_text.delta': 'reasoning',
  'response.reasoning_summary_text.done': 'reasoning',
}

const TERMINALS = new Set(['response.completed', 'response.incomplete', 'response.failed'])

type Item = { id: string; type: string; open: boolean; arguments: string }
type Problem = (text: string) => void

export class ResponsesGrammarCheck implements GrammarCheck {
  readonly violations: string[] = []
  private position = 0
  private responseId: unknown
  private readonly items: Item[] = []
  private invalidArguments: string[] = []
  private sawError = false
  private terminal: string | undefined

  push(frame: SseFrame): void {
    const payload = parseJsonObject(frame.data)
    if (payload === undefined) {
      this.violations.push(`event ${this.position++}: data is not a JSON object`)
      return
    }
    this.pushPayload(payload, frame.event)
  }

  pushPayload(payload: Record<string, unknown>, eventName?: string): void {
    const type = typeof payload.type === 'string' ? payload.type : '(no type)'
    const position = this.position++
    const problem: Problem = (text) => void this.violations.push(`event ${position} (${type}): ${text}`)
    if (eventName !== undefined && eventName !== type) problem(`the SSE event name is ${eventName}`)
    if (payload.sequence_number !== position) problem(`sequence_number ${String(payload.sequence_number)}, expected ${position}`)
    if (this.terminal !== undefined) problem(`after ${this.terminal}`)
    if (position === 0 && type !== 'response.created') problem('the stream must begin with response.created')
    if (this.sawError && type !== 'response.failed') problem('only response.failed may follow an error event')
    if (type === 'error') {
      this.sawError = true
      return
    }
    if (type.startsWith('response.') && isObject(payload.response)) this.checkLifecycle(type, payload.response, problem)
    else if (type === 'response.output_item.added') this.addItem(payload, problem)
    else if (type === 'response.output_item.done') this.finishItem(payload, problem)
    else if (ITEM_TYPE_OF[type] !== undefined) this.itemEvent(type, payload, problem)
    else problem('unknown event type')
  }

  end(): readonly string[] {
    if (this.terminal === undefined) this.violations.push('the stream does not end with response.completed, response.incomplete or response.failed')
    return this.violations
  }

  private checkLifecycle(type: string, response: Record<string, unknown>, problem: Problem): void {
    if (this.responseId === undefined) this.responseId = response.id
    else if (response.id !== this.responseId) problem(`response id ${String(response.id)}, expected ${String(this.responseId)}`)
    if (typeof response.id !== 'string' || response.id === '') problem('a response without id')
    if (!TERMINALS.has(type)) return
    this.terminal = type
    if (type === 'response.failed') {
      if (!isObject(response.error) || typeof response.error.message !== 'string') problem('a failed response without error.message')
      return
    }
    const open = this.items.filter((item) => item.open).map((item) => item.id)
    if (open.length > 0) problem(`items still open: ${open.join(', ')}`)
    if (!Array.isArray(response.output) || response.output.length !== this.items.length) problem('output does not hold every item')
    const usage = isObject(response.usage) ? response.usage : undefined
    const cached = isObject(usage?.input_tokens_details) ? usage.input_tokens_details.cached_tokens : undefined
    const reasoning = isObject(usage?.output_tokens_details) ? usage.output_tokens_details.reasoning_tokens : undefined
    if (typeof usage?.input_tokens !== 'number' || typeof usage.output_tokens !== 'number' || typeof cached !== 'number' || typeof reasoning !== 'number') {
      problem('usage lacks input/output tokens with input_tokens_details.cached_tokens and output_tokens_details.reasoning_tokens')
    }
    if (type === 'response.incomplete' && !(isObject(response.incomplete_details) && typeof response.incomplete_details.reason === 'string')) {
      problem('an incomplete response without incomplete_details.reason')
    }
    if (type === 'response.completed') for (const id of this.invalidArguments) problem(`the arguments of ${id} are not valid JSON`)
  }

  private addItem(payload: Record<string, unknown>, problem: Problem): void {
    const item = isObject(payload.item) ? payload.item : {}
    if (payload.output_index !== this.items.length) problem(`output_index ${String(payload.output_index)}, expected ${this.items.length}`)
    if (typeof item.id !== 'string' || item.id === '') problem('an item without id')
    if (typeof item.type !== 'string') problem('an item without type')
    if ((item.type === 'function_call' || item.type === 'custom_tool_call') && (typeof item.call_id !== 'string' || item.call_id === '' || typeof item.name !== 'string' || item.name === '')) {
      problem('a call without call_id or name')
    }
    this.items.push({ id: String(item.id), type: String(item.type), open: true, arguments: '' })
  }

  private openItem(payload: Record<string, unknown>, problem: Problem): Item | undefined {
    const item = typeof payload.output_index === 'number' ? this.items[payload.output_index] : undefined
    if (item === undefined || !item.open) {
      problem(`output_index ${String(payload.output_index)} is not an open item`)
      return undefined
    }
    return item
  }

  private finishItem(payload: Record<string, unknown>, problem: Problem): void {
    const item = this.openItem(payload, problem)
    if (item === undefined) return
    const done = isObject(payload.item) ? payload.item : {}
    if (done.id !== item.id || done.type !== item.type) problem(`the done item is not ${item.type} ${item.id}`)
    item.open = false
  }

  private itemEvent(type: string, payload: Record<string, unknown>, problem: Problem): void {
    const item = this.openItem(payload, problem)
    if (item === undefined) return
    if (payload.item_id !== item.id) problem(`item_id ${String(payload.item_id)}, expected ${item.id}`)
    if (ITEM_TYPE_OF[type] !== item.type) problem(`a ${ITEM_TYPE_OF[type]} event for a ${item.type} item`)
    if (type === 'response.function_call_arguments.delta' && typeof payload.delta === 'string') item.arguments += payload.delta
    if (type === 'response.function_call_arguments.done') {
      if (payload.arguments !== item.arguments && item.arguments !== '') problem('the done arguments differ from the deltas')
      if (typeof payload.arguments !== 'string' || !isJsonText(payload.arguments)) this.invalidArguments.push(item.id)
    }
  }
}

/** A captured SSE body → violations; [] when well formed. */
export function checkResponsesSse(text: string): readonly string[] {
  const check = new ResponsesGrammarCheck()
  for (const frame of splitSseText(text)) check.push(frame)
  return check.end()
}
