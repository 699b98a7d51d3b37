import { describe, expect, test } from 'bun:test'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { encodeCompactedResponse } from '../../../../src/core/protocols/openai-responses/compaction.ts'
import { decodeOpenaiResponsesRequest } from '../../../../src/core/protocols/openai-responses/decode-request.ts'
import { COMPACT_ROUTE } from '../../../../src/core/protocols/openai-responses/routes.ts'

describe('emulated compaction', () => {
  const history = {
    model: 'gpt-5',
    input: [
      { role: 'user', content: 'Fix the bug in ünïcode.ts' },
      { type: 'function_call', call_id: 'c1', name: 'shell', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'ok' },
      { role: 'assistant', content: 'Fixed.' },
    ],
  }

  test('answers with the user messages then one compaction item that the next request reads as the summary', () => {
    const request = decodeOpenaiResponsesRequest(history, { ...COMPACT_ROUTE }, new WarningSink())
    const compacted = encodeCompactedResponse(request, 'The user asked for a fix in ünïcode.ts; it is done.', { inputTokens: 100, outputTokens: 20 }, new WarningSink())
    expect(compacted.object).toBe('response.compaction')
    expect(compacted.output.map((item) => item.type)).toEqual(['message', 'compaction'])
    expect(compacted.output[0]).toEqual({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the bug in ünïcode.ts' }] })
    expect(compacted.usage).toMatchObject({ input_tokens: 100, output_tokens: 20, output_tokens_details: { reasoning_tokens: 0 } })

    const next = decodeOpenaiResponsesRequest({ model: 'gpt-5', input: [...compacted.output, { role: 'user', content: 'Now add a test' }] }, { group: 'chat' }, new WarningSink())
    expect(next.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Fix the bug in ünïcode.ts' }] },
      { role: 'user', content: [{ type: 'text', text: 'Summary of the conversation so far:\n\nThe user asked for a fix in ünïcode.ts; it is done.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Now add a test' }] },
    ])
  })

  test("OpenAI's own compaction items are dropped with a warning", () => {
    const warnings = new WarningSink()
    const request = decodeOpenaiResponsesRequest({ model: 'gpt-5', input: [{ type: 'compaction', encrypted_content: 'gAAAAopaque' }, { role: 'user', content: 'hi' }] }, { group: 'chat' }, warnings)
    expect(request.messages).toHaveLength(1)
    expect(warnings.items.map((item) => item.code)).toEqual(['dropped-item'])
  })
})
