import { describe, expect, test } from 'bun:test'
import { readdirSync } from 'node:fs'
import { decodeOpenaiResponse as decodeResponse } from '../../../../src/core/protocols/openai/decode-response.ts'
import { FIXTURE_DIR, fixtureJson } from './fixture-stream.ts'

const answers = readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.json') && !name.includes('-error-'))

describe('every recorded non-streaming answer decodes', () => {
  for (const name of answers) {
    test(name, () => {
      const response = decodeResponse(fixtureJson(name))
      expect(response.id).not.toBe('')
      expect(response.usage?.inputTokens).toBeGreaterThan(0)
      for (const part of response.content) if (part.type === 'tool-call') expect(() => JSON.parse(part.arguments)).not.toThrow()
    })
  }
})

test('a budget spent entirely on hidden reasoning is a length finish with empty content, not a stop', () => {
  const response = decodeResponse(fixtureJson('openai-length-all-reasoning.json'))
  expect(response.finishReason.kind).toBe('length')
  expect(response.content).toEqual([])
  expect(response.usage).toEqual({ inputTokens: 16, outputTokens: 16, cacheReadTokens: 0, reasoningTokens: 16 })
})

test('openrouter content_filter refusal keeps the refusal text', () => {
  const body = fixtureJson('openrouter-refusal-content-filter.json') as { choices: Array<{ message: { refusal: string } }> }
  const response = decodeResponse(body)
  expect(response.finishReason).toEqual({ kind: 'content-filter', raw: 'content_filter', protocol: 'openai' })
  expect(response.content).toEqual([{ type: 'text', text: body.choices[0]?.message.refusal ?? '' }])
})

test('openrouter cache writes are read from prompt_tokens_details', () => {
  const response = decodeResponse(fixtureJson('openrouter-reasoning-details-parallel-tools.json'))
  expect(response.usage?.cacheWriteTokens).toBeDefined()
  expect(response.content.map((part) => part.type)).toEqual(['reasoning', 'tool-call', 'tool-call'])
})

test('an answer without choices is an upstream error, not a crash', () => {
  expect(() => decodeResponse({ id: 'x', choices: [] })).toThrow('no choices[0].message')
  expect(() => decodeResponse('oops')).toThrow()
})

test('azure filter annotations (prompt_filter_results, content_filter_results) are not part of the answer', () => {
  const response = decodeResponse(fixtureJson('azure-text.json'))
  expect(response.content).toEqual([{ type: 'text', text: 'Paris is the capital.' }])
  expect(response.finishReason.kind).toBe('stop')
  expect(JSON.stringify(response)).not.toContain('filter')
})
