/** Request bodies for each client protocol, small and large (a long history with tool schemas). */
export type ClientProtocol = 'openai' | 'anthropic'

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
