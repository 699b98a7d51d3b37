/**
 * LESSONS.md rows about what the upstream receives (Anthropic ⇄ OpenAI Chat), proven through the
 * proxy handler: the mock upstream records the translated request.
 * @see ../../../shared/LESSONS.md
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type LessonBridge, startLessonBridge } from './support.ts'

const okOpenai = { json: { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } }
const okAnthropic = { json: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } } }
const weatherTool = { name: 'weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }
const openaiWeather = { type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }

type ChatMessage = { role: string; content: unknown; tool_calls?: Array<{ id: string }>; tool_call_id?: string }
type AnthropicMessage = { role: string; content: Array<Record<string, unknown>> }

let toOpenai: LessonBridge
let toAnthropic: LessonBridge
beforeAll(async () => {
  toOpenai = await startLessonBridge('anthropic→openai')
  toAnthropic = await startLessonBridge('openai→anthropic')
  toOpenai.reply(okOpenai)
  toAnthropic.reply(okAnthropic)
})
afterAll(() => {
  toOpenai.stop()
  toAnthropic.stop()
})

async function anthropicToOpenai(body: Record<string, unknown>): Promise<{ sent: Record<string, unknown> & { messages: ChatMessage[] }; response: Response }> {
  const response = await toOpenai.post('v1/messages', { model: 'gpt-4o', max_tokens: 100, ...body })
  return { sent: toOpenai.lastUpstreamBody() as Record<string, unknown> & { messages: ChatMessage[] }, response }
}
async function openaiToAnthropic(body: Record<string, unknown>): Promise<{ sent: Record<string, unknown> & { messages: AnthropicMessage[] }; response: Response }> {
  const response = await toAnthropic.post('v1/chat/completions', { model: 'claude-sonnet-4-5', ...body })
  return { sent: toAnthropic.lastUpstreamBody() as Record<string, unknown> & { messages: AnthropicMessage[] }, response }
}
const hi = [{ role: 'user', content: 'hi' }]

describe("LESSONS #5: tool_choice 'any' sent raw, turned into 'auto', or dropped", () => {
  test.each([
    [{ type: 'any' }, 'required'],
    [{ type: 'auto' }, 'auto'],
    [{ type: 'none' }, 'none'],
    [{ type: 'tool', name: 'weather' }, { type: 'function', function: { name: 'weather' } }],
  ])('Anthropic %j → OpenAI %j', async (choice, expected) => {
    const { sent } = await anthropicToOpenai({ messages: hi, tools: [weatherTool], tool_choice: choice })
    expect(sent.tool_choice).toEqual(expected)
  })

  test('disable_parallel_tool_use → parallel_tool_calls: false', async () => {
    const { sent } = await anthropicToOpenai({ messages: hi, tools: [weatherTool], tool_choice: { type: 'any', disable_parallel_tool_use: true } })
    expect(sent).toMatchObject({ tool_choice: 'required', parallel_tool_calls: false })
  })

  test.each([
    ['required', { type: 'any' }],
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    [{ type: 'function', function: { name: 'weather' } }, { type: 'tool', name: 'weather' }],
  ])('OpenAI %j → Anthropic %j; parallel_tool_calls false → disable_parallel_tool_use', async (choice, expected) => {
    const { sent } = await openaiToAnthropic({ messages: hi, tools: [openaiWeather], tool_choice: choice })
    expect(sent.tool_choice).toEqual(expected)
    if (choice !== 'none') {
      const { sent: single } = await openaiToAnthropic({ messages: hi, tools: [openaiWeather], tool_choice: choice, parallel_tool_calls: false })
      expect(single.tool_choice).toEqual({ ...expected, disable_parallel_tool_use: true })
    }
  })
})

describe("LESSONS #7: Claude Code's large max_tokens exceeds the provider's cap → 400", () => {
  test("128,000 is clamped to the catalog's 16,384 for gpt-4o, sent as max_completion_tokens (OpenAI's preset), with a warning", async () => {
    const { sent, response } = await anthropicToOpenai({ max_tokens: 128_000, messages: hi })
    expect(sent.max_completion_tokens).toBe(16_384)
    expect(sent).not.toHaveProperty('max_tokens')
    expect(response.headers.get('x-llm-bridge-warnings')).toContain('clamped-max-tokens')
  })

  test('an OpenAI client without max_tokens gets the catalog default for Anthropic (which requires one)', async () => {
    const { sent } = await openaiToAnthropic({ messages: hi })
    expect(typeof sent.max_tokens).toBe('number')
    expect(sent.max_tokens as number).toBeGreaterThan(0)
  })
})

describe('LESSONS #9: cache_control breaks non-Anthropic upstreams ("Extra inputs are not permitted")', () => {
  test('cache_control on system, messages, tools and tool results never reaches an OpenAI upstream', async () => {
    const cache = { type: 'ephemeral', ttl: '1h' }
    const { sent, response } = await anthropicToOpenai({
      system: [{ type: 'text', text: 'sys', cache_control: cache }],
      tools: [{ ...weatherTool, cache_control: cache }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q', cache_control: cache }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'r', cache_control: cache }] }] },
      ],
    })
    expect(JSON.stringify(sent)).not.toContain('cache_control')
    expect(JSON.stringify(sent)).not.toContain('ephemeral')
    expect(response.headers.get('x-llm-bridge-warnings')).toContain('dropped-field')
  })
})

describe('LESSONS #12: parallel tool results out of order: "role tool must follow tool_calls"', () => {
  test('Anthropic results sent in any order become tool messages in call order, right after the assistant turn, before user text', async () => {
    const { sent } = await anthropicToOpenai({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Paris and Rome?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'weather', input: { city: 'Paris' } }, { type: 'tool_use', id: 'toolu_b', name: 'weather', input: { city: 'Rome' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_b', content: 'rain' }, { type: 'text', text: 'thanks' }, { type: 'tool_result', tool_use_id: 'toolu_a', content: 'sun' }] },
      ],
    })
    expect(sent.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'user'])
    expect(sent.messages.slice(2, 4).map((message) => message.tool_call_id)).toEqual(['toolu_a', 'toolu_b'])
  })

  test('OpenAI tool messages become one Anthropic user turn of tool_results in call order, the next user text merged after them', async () => {
    const { sent } = await openaiToAnthropic({
      tools: [openaiWeather],
      messages: [
        { role: 'user', content: 'Paris and Rome?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{}' } }, { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_b', content: 'rain' },
        { role: 'tool', tool_call_id: 'call_a', content: 'sun' },
        { role: 'user', content: 'thanks' },
      ],
    })
    expect(sent.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(sent.messages[2]!.content.map((block) => block.tool_use_id ?? block.type)).toEqual(['call_a', 'call_b', 'text'])
  })
})

describe('LESSONS #13: images dropped, URL images turned into broken data URIs, images inside tool results lost', () => {
  const png = 'iVBORw0KGgo='
  test('Anthropic base64 → data URL, URL stays URL, a tool-result image follows as a user image', async () => {
    const { sent } = await anthropicToOpenai({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }, { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } }, { type: 'text', text: 'see' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }] }] },
      ],
    })
    const urls = JSON.stringify(sent.messages).match(/"url":"[^"]+"/g)
    expect(urls).toEqual([`"url":"data:image/png;base64,${png}"`, '"url":"https://example.com/a.jpg"', `"url":"data:image/png;base64,${png}"`])
    expect(sent.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'user'])
  })

  test('OpenAI data URL → Anthropic base64 image; an https URL stays a url source', async () => {
    const { sent } = await openaiToAnthropic({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }, { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } }] }] })
    expect(sent.messages[0]!.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
    ])
  })
})

describe('LESSONS #16: unknown client tool types or beta fields rejected upstream ("tools[0].type illegal", invalid beta flag)', () => {
  test('server tools, the anthropic-beta header and Anthropic-only fields are dropped for OpenAI, each with a warning', async () => {
    const response = await toOpenai.post('v1/messages', {
      model: 'gpt-4o', max_tokens: 100, messages: hi, context_management: { edits: [] }, service_tier: 'auto',
      tools: [weatherTool, { type: 'web_search_20250305', name: 'web_search', max_uses: 3 }, { type: 'bash_20250124', name: 'bash' }],
    })
    const sent = toOpenai.lastUpstreamBody() as { tools: Array<{ type: string; function: { name: string } }> }
    expect(sent.tools.map((tool) => [tool.type, tool.function.name])).toEqual([['function', 'weather']])
    for (const field of ['context_management', 'service_tier', 'web_search', 'bash_20250124']) expect(JSON.stringify(sent)).not.toContain(field)
    expect(toOpenai.upstream.requests.at(-1)!.headers.has('anthropic-beta')).toBe(false)
    expect(response.headers.get('x-llm-bridge-warnings')).toContain('builtin-tool-removed')
  })
})

describe("LESSONS #17: Claude Code's [1m] model suffix forwarded verbatim → 404", () => {
  test('the suffix is stripped before the upstream sees the model; the client still sees its own name', async () => {
    const { sent, response } = await anthropicToOpenai({ model: 'gpt-4o[1m]', messages: hi })
    expect(sent.model).toBe('gpt-4o')
    expect(((await response.json()) as { model: string }).model).toBe('gpt-4o[1m]')
  })
})

describe('LESSONS #21: assistant text next to tool_use in the same turn lost', () => {
  test('Anthropic → OpenAI: text and tool calls of one turn stay in one assistant message', async () => {
    const { sent } = await anthropicToOpenai({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sun' }] },
      ],
    })
    expect(sent.messages[1]).toMatchObject({ role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'toolu_1', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] })
  })

  test('OpenAI → Anthropic: content then tool_calls become a text block then tool_use blocks, in order', async () => {
    const { sent } = await openaiToAnthropic({
      tools: [openaiWeather],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sun' },
      ],
    })
    expect(sent.messages[1]!.content).toEqual([{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } }])
  })

  test('streamed answer: text before a tool call reaches the Anthropic client as a text block, then the tool_use block', async () => {
    const sse = (chunk: Record<string, unknown>) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', ...chunk })}\n\n`
    toOpenai.reply({ chunks: [
      sse({ choices: [{ index: 0, delta: { content: 'Let me check.' }, finish_reason: null }] }),
      sse({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }] }, finish_reason: 'tool_calls' }] }),
      'data: [DONE]\n\n',
    ] })
    const text = await (await toOpenai.post('v1/messages', { model: 'gpt-4o', max_tokens: 100, stream: true, messages: hi })).text()
    toOpenai.reply(okOpenai)
    const starts = text.split('\n').filter((line) => line.includes('"content_block_start"')).map((line) => (JSON.parse(line.slice(6)) as { content_block: { type: string } }).content_block.type)
    expect(starts).toEqual(['text', 'tool_use'])
  })
})
