/**
 * Request bodies for each client protocol, small and large (a long history with tool schemas).
 * Gemini and Bedrock name the model and streaming in the path (targets.ts), not in the body.
 */
export type ClientProtocol = 'openai' | 'anthropic' | 'openai-responses' | 'gemini' | 'bedrock'

const tools = Array.from({ length: 20 }, (_, i) => ({
  name: `tool_${i}`,
  description: `Tool number ${i} does something useful with the workspace. `.repeat(4),
  schema: { type: 'object', properties: { path: { type: 'string', description: 'A file path' }, depth: { type: 'integer' } }, required: ['path'] },
}))

function history(targetBytes: number): Array<{ user: string; assistant: string }> {
  const turns: Array<{ user: string; assistant: string }> = []
  let size = 0
  for (let i = 0; size < targetBytes; i++) {
    const user = `Question ${i}: please look at the file and explain what the function does in detail. `.repeat(8)
    const assistant = `Answer ${i}: the function reads the configuration, validates it and starts the server. `.repeat(8)
    turns.push({ user, assistant })
    size += user.length + assistant.length
  }
  return turns
}

export function requestBody(protocol: ClientProtocol, options: { stream: boolean; large?: boolean }): string {
  const turns = options.large ? history(90_000) : []
  if (protocol === 'openai-responses' || protocol === 'gemini' || protocol === 'bedrock') return JSON.stringify(OTHER_BODIES[protocol](turns, options))
  if (protocol === 'openai') {
    const messages = [
      ...turns.flatMap((t) => [{ role: 'user', content: t.user }, { role: 'assistant', content: t.assistant }]),
      { role: 'user', content: 'Say hello.' },
    ]
    const body: Record<string, unknown> = { model: 'bench-model', messages, stream: options.stream }
    if (options.large) body.tools = tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.schema } }))
    return JSON.stringify(body)
  }
  const messages = [
    ...turns.flatMap((t) => [{ role: 'user', content: t.user }, { role: 'assistant', content: t.assistant }]),
    { role: 'user', content: 'Say hello.' },
  ]
  const body: Record<string, unknown> = { model: 'bench-model', max_tokens: 1024, messages, stream: options.stream }
  if (options.large) body.tools = tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.schema }))
  return JSON.stringify(body)
}

type Turns = Array<{ user: string; assistant: string }>

const OTHER_BODIES: Record<'openai-responses' | 'gemini' | 'bedrock', (turns: Turns, options: { stream: boolean; large?: boolean }) => Record<string, unknown>> = {
  'openai-responses': (turns, options) => {
    const input = [
      ...turns.flatMap((t) => [{ role: 'user', content: t.user }, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: t.assistant }] }]),
      { role: 'user', content: 'Say hello.' },
    ]
    const body: Record<string, unknown> = { model: 'bench-model', input, stream: options.stream, store: false }
    if (options.large) body.tools = tools.map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.schema }))
    return body
  },
  gemini: (turns, options) => {
    const contents = [
      ...turns.flatMap((t) => [{ role: 'user', parts: [{ text: t.user }] }, { role: 'model', parts: [{ text: t.assistant }] }]),
      { role: 'user', parts: [{ text: 'Say hello.' }] },
    ]
    const body: Record<string, unknown> = { contents, generationConfig: { maxOutputTokens: 1024 } }
    if (options.large) body.tools = [{ functionDeclarations: tools.map((t) => ({ name: t.name, description: t.description, parameters: t.schema })) }]
    return body
  },
  bedrock: (turns, options) => {
    const messages = [
      ...turns.flatMap((t) => [{ role: 'user', content: [{ text: t.user }] }, { role: 'assistant', content: [{ text: t.assistant }] }]),
      { role: 'user', content: [{ text: 'Say hello.' }] },
    ]
    const body: Record<string, unknown> = { messages, inferenceConfig: { maxTokens: 1024 } }
    if (options.large) body.toolConfig = { tools: tools.map((t) => ({ toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.schema } } })) }
    return body
  },
}
