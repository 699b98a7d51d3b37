/**
 * End to end: Bedrock's InvokeModel with Anthropic Messages bodies (what Claude Code's Bedrock
 * mode sends) from the official AWS SDK (InvokeModelCommand, InvokeModelWithResponseStreamCommand,
 * HTTP/1.1 handler, dummy credentials) → the real bridge → an OpenAI Chat mock. The answer comes
 * back in InvokeModel's shape: an Anthropic message as JSON, or event-stream `chunk` frames whose
 * bytes are Anthropic stream events; errors as Bedrock exceptions.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import {
  BedrockRuntimeClient,
  BedrockRuntimeServiceException,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_KEY, openaiTargetBody, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { openaiReply } from '../support/e2e-wire.ts'

const MODEL_ID = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

async function connect(): Promise<{ client: BedrockRuntimeClient; tokenId: string }> {
  const { proxyUrl, tokenId } = await bridge.mint(openaiTargetBody(bridge, {
    source: { protocol: 'bedrock' },
    model: { mode: 'map', map: { 'us.anthropic.claude-*': 'gpt-4o' } },
    retry: { maxAttempts: 1 },
  }))
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: proxyUrl,
    credentials: { accessKeyId: CLIENT_KEY, secretAccessKey: CLIENT_KEY },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  })
  return { client, tokenId }
}

const WEATHER = { name: 'get_weather', description: 'Current weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }

function anthropicBody(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 300, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [WEATHER], ...extra })
}

type UpstreamBody = { model: string; stream?: boolean; messages: Array<{ role: string; content: unknown }>; tools?: Array<{ function: { name: string } }> }

describe('InvokeModel with Anthropic bodies, translated to OpenAI Chat', () => {
  test('InvokeModelCommand: the answer is an Anthropic message with the tool call; the upstream got a Chat request', async () => {
    const { client, tokenId } = await connect()
    bridge.mock.script(openaiReply({ content: 'Checking.', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }], finish: 'tool_calls', usage: { prompt: 30, completion: 9 } }))
    const output = await client.send(new InvokeModelCommand({ modelId: MODEL_ID, body: anthropicBody(), contentType: 'application/json', accept: 'application/json' }))
    client.destroy()
    const message = JSON.parse(new TextDecoder().decode(output.body)) as { type: string; content: unknown[]; stop_reason: string; usage: { input_tokens: number; output_tokens: number } }
    expect(output.contentType).toBe('application/json')
    expect(message.type).toBe('message')
    expect(message.content).toEqual([{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }])
    expect(message.stop_reason).toBe('tool_use')
    expect(message.usage).toMatchObject({ input_tokens: 30, output_tokens: 9 })
    const seen = bridge.mock.requests[0]!
    expect(seen.path).toBe('/v1/chat/completions')
    expect(seen.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
    const upstream = seen.json as UpstreamBody
    expect({ model: upstream.model, stream: upstream.stream, tools: upstream.tools?.map((tool) => tool.function.name) }).toEqual({ model: 'gpt-4o', stream: undefined, tools: ['get_weather'] })
    expect(upstream.messages.at(-1)).toEqual({ role: 'user', content: 'Weather in Paris?' })
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row).toMatchObject({ status: 200, stream: false, sourceProtocol: 'bedrock', targetProtocol: 'openai', clientModel: MODEL_ID, upstreamModel: 'gpt-4o' })
  })

  test('InvokeModelWithResponseStreamCommand: chunk events carry the Anthropic stream, text and tool call', async () => {
    const { client, tokenId } = await connect()
    bridge.mock.script(openaiReply({ content: 'Checking.', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }], finish: 'tool_calls', usage: { prompt: 30, completion: 9 } }))
    const output = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL_ID, body: anthropicBody(), contentType: 'application/json' }))
    const events: Array<{ type: string; delta?: { type: string; text?: string; partial_json?: string; stop_reason?: string }; content_block?: { type: string; name?: string } }> = []
    for await (const event of output.body ?? []) {
      if (event.chunk?.bytes) events.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)))
    }
    client.destroy()
    expect(events[0]?.type).toBe('message_start')
    expect(events.at(-1)?.type).toBe('message_stop')
    const text = events.flatMap((event) => (event.delta?.type === 'text_delta' ? [event.delta.text] : [])).join('')
    const toolInput = events.flatMap((event) => (event.delta?.type === 'input_json_delta' ? [event.delta.partial_json] : [])).join('')
    expect(text).toBe('Checking.')
    expect(events.find((event) => event.content_block?.type === 'tool_use')?.content_block?.name).toBe('get_weather')
    expect(JSON.parse(toolInput)).toEqual({ city: 'Paris' })
    expect(events.find((event) => event.type === 'message_delta')?.delta?.stop_reason).toBe('tool_use')
    expect((bridge.mock.requests[0]?.json as UpstreamBody).stream).toBe(true)
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row).toMatchObject({ status: 200, stream: true, sourceProtocol: 'bedrock', targetProtocol: 'openai' })
  })

  test('an upstream error mid-stream ends the stream as a Bedrock exception frame, after the text that came before it', async () => {
    const { client, tokenId } = await connect()
    const head = 'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}\n\n'
    const failure = 'data: {"error":{"message":"The server had an error while processing your request.","type":"server_error"}}\n\n'
    bridge.mock.script(() => ({ chunks: [head, failure] }))
    const output = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL_ID, body: anthropicBody(), contentType: 'application/json' }))
    const types: string[] = []
    const thrown = await (async () => {
      for await (const event of output.body ?? []) if (event.chunk?.bytes) types.push((JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as { type: string }).type)
    })().then(() => undefined, (error: unknown) => error)
    client.destroy()
    expect(types).toContain('content_block_delta')
    expect(types).not.toContain('message_stop')
    expect(types).not.toContain('error')
    expect(thrown).toBeInstanceOf(BedrockRuntimeServiceException)
    expect((thrown as Error).message).toContain('The server had an error')
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row).toMatchObject({ status: 200, stream: true, errorCode: 'UPSTREAM_ERROR' })
  })

  test('an upstream 429 reaches the SDK as its typed ThrottlingException', async () => {
    const { client } = await connect()
    bridge.mock.script(() => ({ status: 429, json: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } }))
    const failure = await client.send(new InvokeModelCommand({ modelId: MODEL_ID, body: anthropicBody(), contentType: 'application/json' })).catch((error: unknown) => error)
    client.destroy()
    expect(failure).toBeInstanceOf(ThrottlingException)
    expect((failure as ThrottlingException).$metadata.httpStatusCode).toBe(429)
  })
})
