/**
 * One OpenAI-compatible stream chunk → canonical events, with the state a stream needs.
 * Every quirk handled here names the fixture (test/fixtures/openai-chat/) that shows it.
 * @see ../../../../../shared/protocols/openai-chat.md §8
 * @see ../../../../../shared/protocols/mapping.md §5
 */
import type { StreamEvent, Usage } from '../../model/index.ts'
import { mergeUsage } from '../../model/index.ts'
import { convertContentArray } from './content-array.ts'
import { decodeUsage } from './convert-usage.ts'
import { decodeFinishReason } from './map-stop-reason.ts'
import { arrayOf, isObject, optionalString, type JsonObject } from './narrow.ts'
import { textOfDetails } from './reasoning-details.ts'
import { StreamBlocks } from './stream-blocks.ts'
import { ToolCallFragments } from './tool-call-fragments.ts'

export class ChunkDecoder {
  readonly out: StreamEvent[] = []
  private readonly blocks = new StreamBlocks(this.out)
  private readonly toolCalls = new ToolCallFragments(this.blocks)
  private started = false
  private id = ''
  private model = ''
  private created: number | undefined
  private finishRaw: string | undefined
  private sawFinish = false
  private sawRefusal = false
  private usage: Usage | undefined

  get finished(): boolean {
    return this.sawFinish
  }

  onChunk(chunk: JsonObject): void {
    // Azure's first chunk has empty id/model and `choices: []` (azure-model-router-prompt-filter).
    if (this.id === '' && typeof chunk.id === 'string') this.id = chunk.id
    if (this.model === '' && typeof chunk.model === 'string') this.model = chunk.model
    if (this.created === undefined && typeof chunk.created === 'number' && chunk.created > 0) this.created = chunk.created
    // Usage may ride on any chunk, repeat (Groq) or be a running total (Perplexity): last wins.
    const usage = decodeUsage(chunk.usage)
    if (usage !== undefined) this.usage = mergeUsage(this.usage, usage)
    const choice = arrayOf(chunk.choices).find((item) => isObject(item) && (item.index === undefined || item.index === 0))
    if (!isObject(choice)) return
    this.start()
    // Azure async-filter chunks have a choice without `delta`.
    if (isObject(choice.delta)) this.onDelta(choice.delta)
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      this.finishRaw = optionalString(choice.finish_reason) ?? this.finishRaw
      this.sawFinish = true
      this.blocks.closeAll()
    }
  }

  private onDelta(delta: JsonObject): void {
    const reasoningText = nonEmpty(delta.reasoning_content) ?? nonEmpty(delta.reasoning) ?? textOfDetails(delta.reasoning_details)
    this.blocks.appendReasoning(reasoningText, delta.reasoning_details)
    if (typeof delta.content === 'string') this.blocks.appendText(delta.content)
    else if (Array.isArray(delta.content)) {
      // Mistral magistral: thinking and text parts inside a content array.
      for (const part of convertContentArray(delta.content)) {
        if (part.type === 'reasoning') this.blocks.appendReasoning(part.text)
        else this.blocks.appendText(part.text)
      }
    }
    const refusal = nonEmpty(delta.refusal)
    if (refusal !== undefined) {
      this.sawRefusal = true
      this.blocks.appendText(refusal)
    }
    if (Array.isArray(delta.tool_calls)) this.toolCalls.add(delta.tool_calls)
  }

  private start(): void {
    if (this.started) return
    this.started = true
    const event: StreamEvent = { type: 'response-start', id: this.id || `chatcmpl-${crypto.randomUUID()}`, model: this.model }
    if (this.created !== undefined) event.created = this.created
    this.out.push(event)
  }

  /** The stream ended cleanly ([DONE] or EOF after a finish chunk). */
  end(): void {
    this.start()
    this.blocks.closeAll()
    if (this.usage !== undefined) this.out.push({ type: 'usage', usage: this.usage })
    const facts = { hadToolCalls: this.blocks.toolCalls.length > 0, hadRefusal: this.sawRefusal }
    this.out.push({ type: 'response-end', finishReason: decodeFinishReason(this.finishRaw, facts) })
  }

  fail(event: Extract<StreamEvent, { type: 'error' }>): void {
    this.start()
    this.out.push(event)
  }

  /** Events produced since the last call. */
  take(): StreamEvent[] {
    return this.out.splice(0, this.out.length)
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
