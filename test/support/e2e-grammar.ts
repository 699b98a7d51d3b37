/**
 * Stream grammar checks on what a client SDK received (LESSONS #2): each returns the list of
 * violations, empty when the stream is well formed, so a failing test says what broke.
 * The rules live in src/core/stream (the proxy runs the same checks at runtime); these wrappers
 * only type them for the SDK event shapes.
 */
import type Anthropic from '@anthropic-ai/sdk'
import type OpenAI from 'openai'
import { checkAnthropicGrammar } from '../../src/core/protocols/anthropic/check-stream-grammar.ts'
import { checkOpenaiGrammar } from '../../src/core/protocols/openai/check-stream-grammar.ts'
import { ResponsesGrammarCheck } from '../../src/core/protocols/openai-responses/check-grammar.ts'

/** One message_start first; contiguous block indices from 0; start → deltas → stop; one block open at a time; message_delta then message_stop. */
export function anthropicGrammarViolations(events: Anthropic.RawMessageStreamEvent[]): string[] {
  const problems = [...checkAnthropicGrammar(events)]
  // The SDK helpers under test always see a complete answer: an error event is a failure here.
  if (events.at(-1)?.type !== 'message_stop') problems.push('the stream does not end with message_stop')
  return problems
}

/** One id for every chunk; tool call indices from 0 with id and name on their first delta; one finish; the usage chunk (choices: []) last when asked for. */
export function openaiGrammarViolations(chunks: OpenAI.ChatCompletionChunk[], options: { usageChunk: boolean }): string[] {
  return [...checkOpenaiGrammar(chunks, { includeUsage: options.usageChunk })]
}

/** Every event named by its type with sequence_number 0, 1, 2…; items opened, filled and closed in order; one terminal event with the whole output and usage with both detail objects. */
export function responsesGrammarViolations(events: ReadonlyArray<{ type: string }>): string[] {
  const check = new ResponsesGrammarCheck()
  for (const event of events) check.pushPayload({ ...event })
  return [...check.end()]
}
