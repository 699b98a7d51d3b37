/**
 * The grammar of an OpenAI Chat Completions stream as the bridge sends it to a client: every
 * chunk a `chat.completion.chunk` with the same id, model and created; one choice (index 0);
 * tool calls numbered 0, 1, … in order of appearance, each starting with id, type and name and
 * keeping its id; exactly one chunk with a finish_reason, after which only the usage chunk
 * (`choices: []`, when the client asked with stream_options.include_usage) and `[DONE]` may
 * come; each call's arguments parse as JSON at the end (LESSONS #1). A `{"error":…}` payload
 * ends the stream at any point and must not be followed by `[DONE]`, so a client never takes
 * a cut answer for a complete one.
 * @see ../../../../../shared/protocols/openai-chat.md §8
 */
import { type GrammarCheck, isJsonText, parseJsonObject, type SseFrame, splitSseText } from '../../stream/grammar-check.ts'
import { isObject } from '../../json-object.ts'

const FINISH_REASONS = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call'])

export type OpenaiGrammarOptions = {
  /** The client sent stream_options.include_usage: a usage chunk must precede [DONE]. */
  includeUsage: boolean
}

type Identity = { id: unknown; model: unknown; created: unknown }
type ToolCall = { id: string; arguments: string }

export class OpenaiGrammarCheck implements GrammarCheck {
  readonly violations: string[] = []
  private position = 0
  private identity: Identity | undefined
  private readonly tools: ToolCall[] = []
  private finishes = 0
  private chunks = 0
  private sawUsageChunk = false
  private terminal: '[DONE]' | 'error' | undefined

  constructor(private readonly options: OpenaiGrammarOptions) {}

  push(frame: SseFrame): void {
    const data = frame.data.trim()
    const payload = data === '[DONE]' ? undefined : parseJsonObject(data)
    if (payload !== undefined && (payload.error === undefined || payload.error === null)) return this.pushChunk(payload)
    const problem = this.problemAt(this.position++)
    if (this.terminal !== undefined) problem(`after ${this.terminal}`)
    if (data === '[DONE]') return this.done(problem)
    if (payload === undefined) return problem('data is not a JSON object')
    this.terminal = 'error'
  }

  /** One parsed chunk (e.g. what the OpenAI SDK's iterator yielded, which drops [DONE]). */
  pushChunk(chunk: Record<string, unknown>): void {
    const problem = this.problemAt(this.position++)
    this.chunks++
    if (this.terminal !== undefined) problem(`after ${this.terminal}`)
    this.checkIdentity(chunk, problem)
    if (chunk.object !== 'chat.completion.chunk') problem(`object ${String(chunk.object)}`)
    const choices = Array.isArray(chunk.choices) ? chunk.choices : undefined
    if (choices === undefined) return problem('no choices array')
    if (choices.length === 0) return this.usageChunk(chunk, problem)
    if (this.sawUsageChunk) problem('a choice after the usage chunk')
    if (choices.length !== 1) problem(`${choices.length} choices; the bridge sends one`)
    const choice = isObject(choices[0]) ? choices[0] : {}
    if (choice.index !== 0) problem(`choice index ${String(choice.index)}`)
    if (this.finishes > 0) problem('a choice after the finish chunk')
    const delta = isObject(choice.delta) ? choice.delta : undefined
    if (delta === undefined) problem('a choice without delta')
    else this.checkDelta(delta, problem)
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      this.finishes++
      if (typeof choice.finish_reason !== 'string' || !FINISH_REASONS.has(choice.finish_reason)) problem(`finish_reason ${String(choice.finish_reason)}`)
    }
  }

  private problemAt(position: number): (text: string) => void {
    return (text) => void this.violations.push(`chunk ${position}: ${text}`)
  }

  /** The stream ended; pass `sawDone` when the caller parsed chunks without the [DONE] frame. */
  end(sawDone = this.terminal === '[DONE]'): readonly string[] {
    if (this.terminal === 'error') return this.violations
    if (!sawDone) this.violations.push('the stream does not end with [DONE] or an error payload')
    if (this.finishes !== 1) this.violations.push(`${this.finishes} chunks carry a finish_reason, expected 1`)
    if (this.options.includeUsage && !this.sawUsageChunk) this.violations.push('no usage chunk (choices: []) although the client asked for one')
    this.tools.forEach((call, index) => {
      if (call.arguments !== '' && !isJsonText(call.arguments)) this.violations.push(`tool call ${index}: the arguments are not valid JSON`)
    })
    return this.violations
  }

  private done(problem: (text: string) => void): void {
    if (this.terminal === undefined) this.terminal = '[DONE]'
    if (this.finishes === 0) problem('[DONE] before a finish_reason')
  }

  private checkIdentity(chunk: Record<string, unknown>, problem: (text: string) => void): void {
    if (this.identity === undefined) {
      this.identity = { id: chunk.id, model: chunk.model, created: chunk.created }
      if (typeof chunk.id !== 'string' || chunk.id === '') problem('no id')
      if (typeof chunk.model !== 'string') problem('no model')
      if (typeof chunk.created !== 'number') problem('no created')
      return
    }
    for (const key of ['id', 'model', 'created'] as const) {
      if (chunk[key] !== this.identity[key]) problem(`${key} ${String(chunk[key])} differs from ${String(this.identity[key])}`)
    }
  }

  private usageChunk(chunk: Record<string, unknown>, problem: (text: string) => void): void {
    if (!this.options.includeUsage) problem('a usage chunk the client did not ask for')
    if (this.sawUsageChunk) problem('a second usage chunk')
    if (this.finishes === 0) problem('the usage chunk before the finish chunk')
    if (!isObject(chunk.usage) || typeof chunk.usage.prompt_tokens !== 'number' || typeof chunk.usage.completion_tokens !== 'number') {
      problem('the usage chunk has no prompt_tokens / completion_tokens')
    }
    this.sawUsageChunk = true
  }

  private checkDelta(delta: Record<string, unknown>, problem: (text: string) => void): void {
    if (delta.role !== undefined && (delta.role !== 'assistant' || this.chunks > 1)) problem(`role ${String(delta.role)} outside the first chunk`)
    if (delta.tool_calls === undefined) return
    if (!Array.isArray(delta.tool_calls)) return problem('tool_calls is not an array')
    for (const fragment of delta.tool_calls) {
      const call = isObject(fragment) ? fragment : {}
      const fn = isObject(call.function) ? call.function : {}
      const index = call.index
      if (typeof index !== 'number') {
        problem('a tool call fragment without index')
        continue
      }
      const known = this.tools[index]
      if (known === undefined) {
        if (index !== this.tools.length) problem(`tool index ${index}, expected ${this.tools.length}`)
        if (typeof call.id !== 'string' || call.id === '' || call.type !== 'function' || typeof fn.name !== 'string' || fn.name === '') {
          problem(`tool call ${index} starts without id, type or name`)
        }
        this.tools[index] = { id: typeof call.id === 'string' ? call.id : '', arguments: '' }
      } else if (call.id !== undefined && call.id !== known.id) problem(`tool call ${index} changes its id`)
      if (typeof fn.arguments === 'string') this.tools[index]!.arguments += fn.arguments
    }
  }
}


/** Parsed chunks as an SDK yields them ([DONE] already consumed by the SDK) → violations. */
export function checkOpenaiGrammar(chunks: readonly unknown[], options: OpenaiGrammarOptions): readonly string[] {
  const check = new OpenaiGrammarCheck(options)
  for (const chunk of chunks) check.pushChunk(isObject(chunk) ? chunk : {})
  return check.end(true)
}

/** A captured SSE body → violations, [DONE] and error payloads included. */
export function checkOpenaiSse(text: string, options: OpenaiGrammarOptions): readonly string[] {
  const check = new OpenaiGrammarCheck(options)
  for (const frame of splitSseText(text)) check.push(frame)
  return check.end()
}
