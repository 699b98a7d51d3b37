/**
 * Stream grammar checks on what a client SDK received (LESSONS #2): each returns the list of
 * violations, empty when the stream is well formed, so a failing test says what broke.
 */
import type Anthropic from '@anthropic-ai/sdk'
import type OpenAI from 'openai'

/** One message_start first; contiguous block indices from 0; start → deltas → stop; one block open at a time; message_delta then message_stop. */
export function anthropicGrammarViolations(events: Anthropic.RawMessageStreamEvent[]): string[] {
  const problems: string[] = []
  let open: number | undefined
  let nextIndex = 0
  let sawDelta = false
  events.forEach((event, position) => {
    const where = `event ${position} (${event.type})`
    if (position === 0 && event.type !== 'message_start') problems.push(`${where}: the stream must begin with message_start`)
    if (position > 0 && event.type === 'message_start') problems.push(`${where}: a second message_start`)
    if (sawDelta && event.type !== 'message_stop') problems.push(`${where}: only message_stop may follow message_delta`)
    switch (event.type) {
      case 'content_block_start':
        if (open !== undefined) problems.push(`${where}: block ${open} is still open`)
        if (event.index !== nextIndex) problems.push(`${where}: index ${event.index}, expected ${nextIndex}`)
        open = event.index
        nextIndex = event.index + 1
        break
      case 'content_block_delta':
        if (open !== event.index) problems.push(`${where}: delta for block ${event.index}, which is not open`)
        break
      case 'content_block_stop':
        if (open !== event.index) problems.push(`${where}: stop for block ${event.index}, which is not open`)
        open = undefined
        break
      case 'message_delta':
        if (open !== undefined) problems.push(`${where}: block ${open} is still open`)
        sawDelta = true
        break
      case 'message_stop':
        if (!sawDelta) problems.push(`${where}: message_stop without message_delta`)
        if (position !== events.length - 1) problems.push(`${where}: events after message_stop`)
        break
    }
  })
  if (events.at(-1)?.type !== 'message_stop') problems.push('the stream does not end with message_stop')
  return problems
}

/** One id for every chunk; tool call indices from 0 with id and name on their first delta; one finish; the usage chunk (choices: []) last when asked for. */
export function openaiGrammarViolations(chunks: OpenAI.ChatCompletionChunk[], options: { usageChunk: boolean }): string[] {
  const problems: string[] = []
  const id = chunks[0]?.id
  const seenTools = new Set<number>()
  let finishes = 0
  chunks.forEach((chunk, position) => {
    const where = `chunk ${position}`
    if (chunk.id !== id) problems.push(`${where}: id ${chunk.id} differs from ${String(id)}`)
    if (chunk.object !== 'chat.completion.chunk') problems.push(`${where}: object ${chunk.object}`)
    for (const choice of chunk.choices) {
      if (choice.finish_reason !== null) finishes++
      for (const call of choice.delta.tool_calls ?? []) {
        if (seenTools.has(call.index)) continue
        if (call.index !== seenTools.size) problems.push(`${where}: tool index ${call.index}, expected ${seenTools.size}`)
        if (!call.id || !call.function?.name) problems.push(`${where}: tool call ${call.index} starts without id and name`)
        seenTools.add(call.index)
      }
    }
  })
  if (finishes !== 1) problems.push(`${finishes} chunks carry a finish_reason, expected 1`)
  const last = chunks.at(-1)
  if (options.usageChunk && (last === undefined || last.choices.length !== 0 || !last.usage)) problems.push('the last chunk is not the usage chunk (choices: [])')
  return problems
}
