/**
 * The tools Codex sends that chat providers do not have (LESSONS #25), through the real server
 * with the official SDK's `responses.create`: a `custom` freeform tool goes out as a function with
 * one string parameter, `namespace` members as flattened functions, and every built-in tool
 * (web_search, image_generation, tool_search, local_shell) is removed with a warning, never
 * forwarded to an OpenAI Chat or Anthropic target.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import OpenAI from 'openai'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { anthropicReply, openaiReply } from '../support/e2e-wire.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

const BUILTINS = ['web_search', 'image_generation', 'tool_search', 'local_shell']
const TOOLS = [
  { type: 'custom', name: 'apply_patch', description: 'Edit files', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/s' } },
  { type: 'namespace', name: 'multi_agent', description: 'Sub-agents', tools: [{ type: 'function', name: 'spawn', parameters: { type: 'object', properties: {} }, strict: false }] },
  { type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] }, strict: false },
  { type: 'web_search', external_web_access: true },
  { type: 'image_generation' },
  { type: 'tool_search' },
  { type: 'local_shell' },
]

type ChatTool = { type: string; function: { name: string; parameters: { properties: Record<string, { type: string }> } } }
type AnthropicTool = { name: string; input_schema: { properties: Record<string, { type: string }> } }

const targets = {
  openai: {
    target: () => ({ protocol: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } }),
    reply: openaiReply({ content: 'ok', finish: 'stop', usage: { prompt: 50, completion: 1 } }),
    tools: (body: unknown) => ((body as { tools: ChatTool[] }).tools).map((tool) => ({ type: tool.type, name: tool.function.name, properties: tool.function.parameters.properties })),
  },
  anthropic: {
    target: () => ({ protocol: 'anthropic', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } }),
    reply: anthropicReply({ blocks: [{ type: 'text', text: 'ok' }], stopReason: 'end_turn', usage: { input: 50, output: 1 } }),
    tools: (body: unknown) => ((body as { tools: AnthropicTool[] }).tools).map((tool) => ({ type: 'function', name: tool.name, properties: tool.input_schema.properties })),
  },
}

describe("Codex's tools against chat providers", () => {
  for (const [protocol, spec] of Object.entries(targets)) {
    test(`${protocol}: custom and namespace tools become functions; built-in tools are removed with a warning each`, async () => {
      const { proxyUrl, tokenId } = await bridge.mint({ version: 2, source: { protocol: 'openai-responses' }, target: spec.target(), model: { mode: 'force', force: 'upstream-model' } })
      bridge.mock.script(spec.reply)
      const client = new OpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: CLIENT_KEY, maxRetries: 0 })
      const { data, response } = await client.responses
        .create({ model: 'gpt-5.1-codex', input: 'hi', store: false, tools: TOOLS as OpenAI.Responses.Tool[], tool_choice: { type: 'web_search_preview' } })
        .withResponse()
      expect(data.output_text).toBe('ok')
      expect(response.headers.get('x-llm-bridge-warnings')).toContain('builtin-tool-removed')

      const sent = bridge.mock.requests[0]
      const tools = spec.tools(sent?.json)
      expect(tools.map((tool) => tool.name)).toEqual(['apply_patch', 'multi_agent__spawn', 'exec_command'])
      expect(tools.every((tool) => tool.type === 'function')).toBe(true)
      expect(tools[0]?.properties).toEqual({ input: expect.objectContaining({ type: 'string' }) })
      for (const builtin of BUILTINS) expect(sent?.text).not.toContain(`"${builtin}"`)

      const [row] = await bridge.rowsFor(tokenId, 1)
      const removed = row?.warnings.filter((warning) => warning.code === 'builtin-tool-removed').map((warning) => warning.field) ?? []
      expect(removed.length).toBe(BUILTINS.length)
      for (const builtin of BUILTINS) expect(removed.some((field) => field?.includes(builtin))).toBe(true)
    })
  }
})
