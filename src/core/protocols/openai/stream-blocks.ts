/**
 * Block bookkeeping for decode-stream: OpenAI Chat has no block events, so the decoder assigns
 * canonical indices in order of first appearance (from 0, across kinds) and synthesises the
 * start/end events. Text and reasoning close when another kind starts; tool calls stay open
 * until the finish, because parallel calls may interleave their fragments.
 */
import type { StreamEvent } from '../../model/index.ts'
import { ReasoningDetailsAccumulator } from './reasoning-details.ts'

export type ToolCallBlock = {
  index: number
  id: string
  name: string
  open: boolean
  argumentsEmitted: boolean
  /** Groq sends the string "null" for argument-less tools (groq-parallel-tool-calls-null-args.sse). */
  heldBackNull: boolean
}

export class StreamBlocks {
  private nextIndex = 0
  private text: number | undefined
  private reasoning: { index: number; details: ReasoningDetailsAccumulator } | undefined
  readonly toolCalls: ToolCallBlock[] = []

  constructor(private readonly out: StreamEvent[]) {}

  appendText(text: string): void {
    if (text === '') return
    this.closeReasoning()
    if (this.text === undefined) {
      this.text = this.nextIndex++
      this.out.push({ type: 'text-start', index: this.text })
    }
    this.out.push({ type: 'text-delta', index: this.text, text })
  }

  appendReasoning(text: string, details?: unknown): void {
    const hasDetails = Array.isArray(details) && details.length > 0
    if (text === '' && !hasDetails) return
    this.closeText()
    if (this.reasoning === undefined) {
      this.reasoning = { index: this.nextIndex++, details: new ReasoningDetailsAccumulator() }
      this.out.push({ type: 'reasoning-start', index: this.reasoning.index })
    }
    if (hasDetails) this.reasoning.details.add(details)
    if (text !== '') this.out.push({ type: 'reasoning-delta', index: this.reasoning.index, text })
  }

  openToolCall(id: string, name: string): ToolCallBlock {
    this.closeText()
    this.closeReasoning()
    const block: ToolCallBlock = { index: this.nextIndex++, id, name, open: true, argumentsEmitted: false, heldBackNull: false }
    this.toolCalls.push(block)
    this.out.push({ type: 'tool-call-start', index: block.index, id, name })
    return block
  }

  appendArguments(block: ToolCallBlock, fragment: string): void {
    if (fragment === '' || !block.open) return
    if (!block.argumentsEmitted && !block.heldBackNull && fragment === 'null') {
      block.heldBackNull = true
      return
    }
    const text = block.heldBackNull ? `null${fragment}` : fragment
    block.heldBackNull = false
    block.argumentsEmitted = true
    this.out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: text })
  }

  closeAll(): void {
    this.closeText()
    this.closeReasoning()
    for (const block of this.toolCalls) {
      if (!block.open) continue
      // No arguments (or Groq's "null") means a no-argument call: every target wants an object.
      if (!block.argumentsEmitted) this.out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: '{}' })
      block.open = false
      this.out.push({ type: 'tool-call-end', index: block.index })
    }
  }

  private closeText(): void {
    if (this.text === undefined) return
    this.out.push({ type: 'text-end', index: this.text })
    this.text = undefined
  }

  private closeReasoning(): void {
    if (this.reasoning === undefined) return
    const signature = this.reasoning.details.toSignature()
    if (signature !== undefined) this.out.push({ type: 'reasoning-signature', index: this.reasoning.index, signature })
    this.out.push({ type: 'reasoning-end', index: this.reasoning.index })
    this.reasoning = undefined
  }
}
