import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { checkResponsesSse } from '../../../../src/core/protocols/openai-responses/check-grammar.ts'
import { decodeOpenaiResponsesRequest } from '../../../../src/core/protocols/openai-responses/decode-request.ts'
import { encodeOpenaiResponsesStream } from '../../../../src/core/protocols/openai-responses/encode-stream.ts'
import { batchesOf, collect, encodeContext, fixtureStreams } from './support.ts'

async function encoded(events: StreamEvent[], tools: unknown[] = []): Promise<string> {
  const request = decodeOpenaiResponsesRequest({ model: 'm', input: 'hi', tools }, { group: 'chat' }, new WarningSink())
  return (await collect(encodeOpenaiResponsesStream(batchesOf(events), encodeContext(request)))).join('')
}

const start: StreamEvent = { type: 'response-start', id: 'msg_1', model: 'm' }

describe('the Responses grammar check', () => {
  test('recorded OpenAI streams pass it', () => {
    const names = ['openai-parallel-function-calls.sse', 'openai-reasoning-summary.sse', 'openai-refusal.sse', 'openai-incomplete-max-output-tokens.sse', 'openai-reasoning-summary-function-calls-4-streams.chunks.txt']
    for (const { name, wire } of names.flatMap(fixtureStreams)) expect({ name, violations: checkResponsesSse(wire) }).toEqual({ name, violations: [] })
  })

  test("GitHub Copilot's rotating item ids are reported", () => {
    const [copilot] = fixtureStreams('github-copilot-rotating-item-ids.chunks.txt')
    expect(checkResponsesSse(copilot!.wire).some((violation) => violation.includes('item_id capture-id-4, expected capture-id-3'))).toBe(true)
  })

  test('a gap in sequence numbers, an item left open and usage without details are reported', async () => {
    const good = await encoded([start, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'a' }, { type: 'text-end', index: 0 }, { type: 'response-end', finishReason: { kind: 'stop' } }])
    expect(checkResponsesSse(good)).toEqual([])
    const broken = good
      .replace(/"sequence_number":3,/, '"sequence_number":9,')
      .replace(/event: response\.output_item\.done\n[^\n]*\n\n/, '')
      .replace(/,"output_tokens_details":\{"reasoning_tokens":0\}/, '')
    const violations = checkResponsesSse(broken).join('\n')
    expect(violations).toContain('sequence_number 9, expected 3')
    expect(violations).toContain('items still open')
    expect(violations).toContain('usage lacks')
  })

  test('the encoder passes it for tool calls, custom tools, truncation, errors and empty answers', async () => {
    const scenarios: Array<[StreamEvent[], unknown[]]> = [
      [[start, { type: 'tool-call-start', index: 0, id: 'c1', name: 'f' }, { type: 'tool-call-start', index: 1, id: 'c2', name: 'apply_patch' }, { type: 'tool-call-delta', index: 1, argumentsDelta: '{"input":"x"}' }, { type: 'tool-call-end', index: 0 }, { type: 'tool-call-end', index: 1 }, { type: 'response-end', finishReason: { kind: 'tool-calls' } }], [{ type: 'custom', name: 'apply_patch' }]],
      [[start, { type: 'reasoning-start', index: 0, redactedData: 'lbr1.x.y' }, { type: 'reasoning-end', index: 0 }, { type: 'text-start', index: 1 }, { type: 'text-delta', index: 1, text: 'cut' }, { type: 'response-end', finishReason: { kind: 'length' } }], []],
      [[start, { type: 'text-start', index: 0 }, { type: 'error', error: BridgeError.invalidRequest('bad') }], []],
      [[start, { type: 'response-end', finishReason: { kind: 'stop' } }], []],
    ]
    for (const [events, tools] of scenarios) expect(checkResponsesSse(await encoded(events, tools))).toEqual([])
  })
})
