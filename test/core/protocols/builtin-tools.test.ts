import { describe, expect, test } from 'bun:test'
import { WarningSink, type ChatRequest } from '../../../src/core/model/index.ts'
import { anthropicCodec } from '../../../src/core/protocols/anthropic/index.ts'
import { openaiCodec } from '../../../src/core/protocols/openai/index.ts'

const webSearch = { type: 'web_search_20250305', name: 'web_search', max_uses: 3 }
const request: ChatRequest = {
  model: 'm', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: false, maxOutputTokens: 10,
  builtinTools: [{ protocol: 'anthropic', type: 'web_search_20250305', definition: webSearch }],
}
const context = (warnings: WarningSink) => ({ upstreamModel: 'm', clientModel: 'm', warnings })

describe('built-in tools', () => {
  test('the protocol they came from gets them back as they were, without a warning', () => {
    const warnings = new WarningSink()
    const body = anthropicCodec.encodeRequest(request, context(warnings)).body as { tools: unknown[] }
    expect(body.tools).toEqual([webSearch])
    expect(warnings.items).toEqual([])
  })

  test('another protocol never receives them and says so in a warning naming the tool', () => {
    const warnings = new WarningSink()
    const body = openaiCodec.encodeRequest(request, context(warnings)).body as Record<string, unknown>
    expect(JSON.stringify(body)).not.toContain('web_search')
    expect(warnings.items).toEqual([expect.objectContaining({ code: 'builtin-tool-removed', field: 'web_search_20250305' })])
  })
})
