/**
 * Reasoning effort reaches an OpenAI upstream only when its model takes one (catalog `reasoning`):
 * Claude Code sends adaptive thinking with an effort on every turn; gpt-4o answers 400 to a
 * reasoning_effort, o3 wants it. Through the proxy handler, with the openai provider preset.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { createHarness, type Harness, UPSTREAM_KEY, waitForRows } from './proxy-harness.ts'

const OPENAI_ANSWER = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }

let upstream: MockUpstream
let harness: Harness

beforeAll(async () => {
  upstream = startMockUpstream(() => ({ json: OPENAI_ANSWER }))
  harness = await createHarness(upstream.url)
})
afterAll(() => upstream.stop())

async function upstreamBodyFor(upstreamModel: string, thinking: Record<string, unknown>): Promise<Record<string, unknown>> {
  const token = await harness.mint({
    target: { protocol: 'openai', provider: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
    model: { mode: 'force', force: upstreamModel },
  })
  const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 1000, messages: [{ role: 'user', content: 'Hi' }], ...thinking })
  const rows = harness.rows.length
  const response = await harness.handle(new Request(`http://bridge/proxy/${token}/v1/messages`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' } }))
  expect(response.status).toBe(200)
  await response.text()
  await waitForRows(harness.rows, rows + 1)
  return upstream.requests.at(-1)!.json as Record<string, unknown>
}

const ADAPTIVE = { thinking: { type: 'adaptive' }, output_config: { effort: 'high' } }
const EXPLICIT_EFFORT = { output_config: { effort: 'medium' } }

describe('reasoning_effort follows the catalog', () => {
  test('Claude Code adaptive thinking to gpt-4o: no reasoning_effort upstream', async () => {
    expect(await upstreamBodyFor('gpt-4o', ADAPTIVE)).not.toHaveProperty('reasoning_effort')
  })

  test('Claude Code adaptive thinking to o3: reasoning_effort sent', async () => {
    expect(await upstreamBodyFor('o3', ADAPTIVE)).toMatchObject({ reasoning_effort: 'high' })
  })

  test('an explicit effort to gpt-4o (a model known not to reason) is dropped too, and the row says so', async () => {
    expect(await upstreamBodyFor('gpt-4o', EXPLICIT_EFFORT)).not.toHaveProperty('reasoning_effort')
    expect(harness.rows.at(-1)!.warnings).toContainEqual(expect.objectContaining({ code: 'dropped-field', field: 'reasoning_effort' }))
  })

  test('an explicit effort to o3 is sent', async () => {
    expect(await upstreamBodyFor('o3', EXPLICIT_EFFORT)).toMatchObject({ reasoning_effort: 'medium' })
  })
})
