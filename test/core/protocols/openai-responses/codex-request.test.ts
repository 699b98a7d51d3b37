/**
 * A request shaped like Codex's (CLIENTS.md, Codex CLI): stateless, the whole history with
 * encrypted reasoning, the freeform apply_patch tool, a namespace of MCP tools and built-in tools.
 * Decoded and encoded again for a Responses upstream, it keeps everything the upstream needs.
 */
import { describe, expect, test } from 'bun:test'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeOpenaiResponsesRequest } from '../../../../src/core/protocols/openai-responses/decode-request.ts'
import { encodeOpenaiResponsesRequest } from '../../../../src/core/protocols/openai-responses/encode-request.ts'

const applyPatch = {
  type: 'custom',
  name: 'apply_patch',
  description: 'Use the `apply_patch` tool to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.',
  format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF' },
}
const shell = { type: 'function', name: 'shell', description: 'Runs a shell command', strict: false, parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } }, required: ['command'], additionalProperties: false } }
const docs = { type: 'namespace', name: 'mcp__docs', description: 'Docs server', tools: [{ type: 'function', name: 'search', strict: false, parameters: { type: 'object', properties: { q: { type: 'string' } } } }] }

const codexRequest = {
  model: 'gpt-5.1-codex',
  instructions: 'You are Codex.',
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions>…</permissions>' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Add a.txt' }] },
    { type: 'reasoning', summary: [{ type: 'summary_text', text: '**Planning the edit**' }], content: null, encrypted_content: 'gAAAAABenc1' },
    { type: 'custom_tool_call', call_id: 'call_patch', name: 'apply_patch', input: '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch' },
    { type: 'custom_tool_call_output', call_id: 'call_patch', output: 'Success. Updated the following files:\nA a.txt' },
    { type: 'reasoning', summary: [], content: null, encrypted_content: 'gAAAAABenc2' },
    { type: 'function_call', call_id: 'call_docs', namespace: 'mcp__docs', name: 'search', arguments: '{"q":"txt"}' },
    { type: 'function_call_output', call_id: 'call_docs', output: 'nothing found' },
  ],
  tools: [shell, applyPatch, docs, { type: 'web_search', external_web_access: false }],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'session-1',
  text: { verbosity: 'low' },
}

describe('a Codex request', () => {
  const warnings = new WarningSink()
  const request = decodeOpenaiResponsesRequest(codexRequest, { group: 'chat' }, warnings)

  test('decodes without loss of anything a chat target needs, and without warnings', () => {
    expect(warnings.items).toEqual([])
    expect(request.system.map((part) => part.text)).toEqual(['You are Codex.', '<permissions>…</permissions>'])
    expect(request.tools.map((tool) => tool.name)).toEqual(['shell', 'apply_patch', 'mcp__docs__search'])
    expect(request.builtinTools?.map((tool) => tool.type)).toEqual(['web_search'])
    expect(request.messages.map((message) => [message.role, message.content.map((part) => part.type)])).toEqual([
      ['user', ['text']],
      ['assistant', ['reasoning', 'tool-call']],
      ['user', ['tool-result']],
      ['assistant', ['reasoning', 'tool-call']],
      ['user', ['tool-result']],
    ])
  })

  test('encodes back for a Responses upstream with the same items, tools and settings', () => {
    const encoded = encodeOpenaiResponsesRequest(request, { upstreamModel: 'gpt-5.1-codex', clientModel: 'gpt-5.1-codex', warnings: new WarningSink(), upstreamReasons: true }).body as Record<string, unknown>
    expect(encoded).toMatchObject({
      model: 'gpt-5.1-codex',
      instructions: 'You are Codex.\n\n<permissions>…</permissions>',
      store: false,
      stream: true,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'session-1',
      parallel_tool_calls: false,
      tool_choice: 'auto',
      reasoning: { effort: 'medium', summary: 'auto' },
      text: { verbosity: 'low' },
    })
    expect(encoded.tools).toEqual([
      { type: 'function', name: 'shell', description: 'Runs a shell command', parameters: shell.parameters, strict: false },
      applyPatch,
      { type: 'function', name: 'mcp__docs__search', parameters: docs.tools[0]!.parameters, strict: false },
      { type: 'web_search', external_web_access: false },
    ])
    expect(encoded.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Add a.txt' }] },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: '**Planning the edit**' }], encrypted_content: 'gAAAAABenc1' },
      { type: 'custom_tool_call', call_id: 'call_patch', name: 'apply_patch', input: codexRequest.input[3]!.input },
      { type: 'custom_tool_call_output', call_id: 'call_patch', output: 'Success. Updated the following files:\nA a.txt' },
      { type: 'reasoning', summary: [], encrypted_content: 'gAAAAABenc2' },
      { type: 'function_call', call_id: 'call_docs', name: 'mcp__docs__search', arguments: '{"q":"txt"}' },
      { type: 'function_call_output', call_id: 'call_docs', output: 'nothing found' },
    ])
  })
})
