/**
 * The strongest proof for a Bedrock client: the real AWS SDK (@aws-sdk/client-bedrock-runtime, its
 * own event-stream deserializer and error parser) talking to a local server that answers with
 * what the codec encodes; and the SDK's own request bodies going through the codec's decoder.
 */
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import type { StreamEvent } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { bedrockCodec } from '../../../../src/core/protocols/bedrock/index.ts'
import { batchesOf, concat, decodeEvents, encodeContext, fixtureBytes, toArray } from './support.ts'

type Captured = { path: string; body: unknown }

async function withSdk<T>(answer: () => Response, use: (client: BedrockRuntimeClient, captured: Captured[]) => Promise<T>): Promise<T> {
  const captured: Captured[] = []
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: async (request) => {
      const text = await request.text()
      captured.push({ path: new URL(request.url).pathname, body: text === '' ? undefined : JSON.parse(text) })
      return answer()
    },
  })
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${server.port}`,
    credentials: { accessKeyId: 'any-value', secretAccessKey: 'any-value' },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  })
  try {
    return await use(client, captured)
  } finally {
    client.destroy()
    server.stop(true)
  }
}

const eventStream = (bytes: Uint8Array) => () => new Response(bytes.slice(), { headers: { 'content-type': bedrockCodec.stream.contentType } })

async function encoded(events: StreamEvent[]): Promise<Uint8Array> {
  return concat((await toArray(bedrockCodec.encodeStream(batchesOf(events), encodeContext()))) as Uint8Array[])
}

async function sdkStream(bytes: Uint8Array): Promise<ConverseStreamOutput[]> {
  return withSdk(eventStream(bytes), async (client) => {
    const output = await client.send(new ConverseStreamCommand({ modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }))
    const events: ConverseStreamOutput[] = []
    for await (const event of output.stream!) events.push(event)
    return events
  })
}

describe('the AWS SDK reads what the codec writes', () => {
  test('a translated stream: text, signed reasoning, a tool call and cache usage', async () => {
    const events = await sdkStream(await encoded([
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Think' },
      { type: 'reasoning-signature', index: 0, signature: 'lbr1.sealed' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'Héllo 🎉' },
      { type: 'text-end', index: 1 },
      { type: 'tool-call-start', index: 2, id: 'call_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-end', index: 2 },
      { type: 'usage', usage: { inputTokens: 30, outputTokens: 7, cacheReadTokens: 20 } },
      { type: 'response-end', finishReason: { kind: 'tool-calls' } },
    ]))
    expect(events).toEqual([
      { messageStart: { role: 'assistant' } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Think' } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'lbr1.sealed' } } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { text: 'Héllo 🎉' } } },
      { contentBlockStop: { contentBlockIndex: 1 } },
      { contentBlockStart: { contentBlockIndex: 2, start: { toolUse: { toolUseId: 'call_1', name: 'get_weather' } } } },
      { contentBlockDelta: { contentBlockIndex: 2, delta: { toolUse: { input: '{"city":' } } } },
      { contentBlockDelta: { contentBlockIndex: 2, delta: { toolUse: { input: '"Paris"}' } } } },
      { contentBlockStop: { contentBlockIndex: 2 } },
      { messageStop: { stopReason: 'tool_use' } },
      { metadata: { usage: { inputTokens: 10, outputTokens: 7, totalTokens: 37, cacheReadInputTokens: 20 }, metrics: { latencyMs: 0 } } },
    ] as unknown as ConverseStreamOutput[])
  })

  for (const name of ['bedrock-nova-two-tool-calls.eventstream', 'bedrock-claude-reasoning-signature.chunks.txt']) {
    test(`a recorded stream decoded and re-encoded reads the same in the SDK (${name})`, async () => {
      const original = await sdkStream(fixtureBytes(name))
      const reencoded = await sdkStream(await encoded(await decodeEvents(fixtureBytes(name))))
      // Bedrock's empty text deltas carry nothing, and the bridge does not time the model.
      const comparable = (events: ConverseStreamOutput[]) => events
        .filter((event) => !(event.contentBlockDelta?.delta?.text === '' || event.contentBlockDelta?.delta?.reasoningContent?.text === ''))
        .map((event) => (event.metadata ? { metadata: { ...event.metadata, metrics: { latencyMs: 0 } } } : event))
      const strip = (events: ConverseStreamOutput[]) => JSON.parse(JSON.stringify(comparable(events), (key, value) => (key === 'additionalModelResponseFields' || key === 'serverToolUsage' ? undefined : value)))
      expect(strip(reencoded)).toEqual(strip(original))
    })
  }

  test('an error mid-stream raises the SDK’s typed exception with the message', async () => {
    const bytes = await encoded([
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hel' },
      { type: 'error', error: new BridgeError({ kind: 'rate-limit', code: 'RATE_LIMITED', status: 429, message: 'Slow down', retryable: true }) },
    ])
    const seen: ConverseStreamOutput[] = []
    const failure = await sdkStreamFailure(bytes, seen)
    expect(seen).toHaveLength(2)
    expect(failure).toMatchObject({ name: 'ThrottlingException', message: 'Slow down' })
  })

  test('a non-streaming answer parses in ConverseCommand', async () => {
    const body = bedrockCodec.encodeResponse({
      id: '', model: 'm',
      content: [{ type: 'reasoning', text: 'hm', signature: 'sig' }, { type: 'text', text: 'Hi' }, { type: 'tool-call', id: 'c1', name: 'f', arguments: '{"a":1}' }],
      finishReason: { kind: 'tool-calls' },
      usage: { inputTokens: 12, outputTokens: 3, cacheWriteTokens: 2 },
    }, encodeContext())
    const output = await withSdk(() => Response.json(body), (client) => client.send(new ConverseCommand({ modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] })))
    expect(output.output?.message?.content).toEqual([
      { reasoningContent: { reasoningText: { text: 'hm', signature: 'sig' } } },
      { text: 'Hi' },
      { toolUse: { toolUseId: 'c1', name: 'f', input: { a: 1 } } },
    ])
    expect(output.stopReason).toBe('tool_use')
    expect(output.usage).toEqual({ inputTokens: 10, outputTokens: 3, totalTokens: 15, cacheWriteInputTokens: 2 })
  })

  test.each([
    ['invalid-request', 400, 'ValidationException'],
    ['rate-limit', 429, 'ThrottlingException'],
    ['not-found', 404, 'ResourceNotFoundException'],
    ['overloaded', 503, 'ServiceUnavailableException'],
  ] as const)('a %s error body raises %s in the SDK', async (kind, status, name) => {
    const error = new BridgeError({ kind, code: 'UPSTREAM_ERROR', status, message: 'from upstream' })
    const encodedError = bedrockCodec.encodeError(error, { requestId: 'req-1', docsUrl: 'https://example.invalid/docs' })
    const failure = await withSdk(
      () => Response.json(encodedError.body, { status: encodedError.status, headers: encodedError.headers }),
      (client) => client.send(new ConverseCommand({ modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] })).then(() => undefined, (thrown: unknown) => thrown),
    )
    expect(failure).toMatchObject({ name, message: 'from upstream', $metadata: { httpStatusCode: status, requestId: 'req-1' } })
  })
})

async function sdkStreamFailure(bytes: Uint8Array, seen: ConverseStreamOutput[]): Promise<unknown> {
  return withSdk(eventStream(bytes), async (client) => {
    const output = await client.send(new ConverseStreamCommand({ modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }))
    try {
      for await (const event of output.stream!) seen.push(event)
    } catch (error) {
      return error
    }
    return undefined
  })
}

describe('the codec reads what the AWS SDK sends', () => {
  test('a sealed envelope in redactedContent survives the SDK (a blob) both ways', async () => {
    const envelope = 'lbr1.eyJvIjoiYW50aHJvcGljIiwiaCI6IngifQ.c2lnbmF0dXJl-_x'
    const body = bedrockCodec.encodeResponse({
      id: '', model: 'm', content: [{ type: 'reasoning', text: '', redactedData: envelope }, { type: 'text', text: 'ok' }], finishReason: { kind: 'stop' },
    }, encodeContext())
    const output = await withSdk(() => Response.json(body), (client) => client.send(new ConverseCommand({ modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] })))
    const streamed = await sdkStream(await encoded([
      { type: 'response-start', id: 'x', model: 'm' },
      { type: 'reasoning-start', index: 0, redactedData: envelope },
      { type: 'reasoning-end', index: 0 },
      { type: 'response-end', finishReason: { kind: 'stop' } },
    ]))
    const fromStream = streamed[1]?.contentBlockDelta?.delta?.reasoningContent?.redactedContent
    expect(fromStream).toBeInstanceOf(Uint8Array)
    const [request] = await withSdk(eventStream(new Uint8Array()), async (client, requests) => {
      await client.send(new ConverseStreamCommand({ modelId: 'm', messages: [
        { role: 'user', content: [{ text: 'hi' }] },
        { role: 'assistant', content: output.output!.message!.content! },
        { role: 'user', content: [{ text: 'again' }] },
      ] })).catch(() => undefined)
      return requests
    })
    const chat = bedrockCodec.decodeRequest(request!.body, { group: 'chat', pathModel: 'm', pathStream: true }, new WarningSink())
    // No origin: the reasoning stage opens the envelope and restores the upstream's own data.
    expect(chat.messages[1]!.content[0]).toEqual({ type: 'reasoning', text: '', redactedData: envelope })
  })

  test('ConverseStream with an ARN model id, images, documents, tools, reasoning and cache points', async () => {
    const modelId = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0'
    const captured = await withSdk(eventStream(new Uint8Array()), async (client, requests) => {
      await client.send(new ConverseStreamCommand({
        modelId,
        system: [{ text: 'Be terse.' }, { cachePoint: { type: 'default' } }],
        messages: [
          { role: 'user', content: [
            { text: 'Look' },
            { image: { format: 'png', source: { bytes: Uint8Array.of(137, 80, 78, 71) } } },
            { document: { format: 'pdf', name: 'Q3 report', source: { bytes: Uint8Array.of(37, 80, 68, 70) } } },
          ] },
          { role: 'assistant', content: [
            { reasoningContent: { reasoningText: { text: 'hm', signature: 'EqQB' } } },
            { toolUse: { toolUseId: 'tooluse_1', name: 'get', input: { q: 1 } } },
          ] },
          { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ json: { temp: 15 } }], status: 'error' } }] },
        ],
        inferenceConfig: { maxTokens: 2048, stopSequences: ['END'] },
        toolConfig: { tools: [{ toolSpec: { name: 'get', inputSchema: { json: { type: 'object' } } } }], toolChoice: { any: {} } },
        additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
      })).catch(() => undefined)
      return requests
    })
    const [request] = captured
    const route = bedrockCodec.matchRoute('POST', request!.path.slice(1))
    expect(route).toEqual({ group: 'chat', pathModel: modelId, pathStream: true })
    const chat = bedrockCodec.decodeRequest(request!.body, route!, new WarningSink())
    expect(chat.model).toBe(modelId)
    expect(chat.stream).toBe(true)
    expect(chat.system).toEqual([{ type: 'text', text: 'Be terse.', cacheControl: { type: 'ephemeral' } }])
    expect(chat.messages[0]!.content).toEqual([
      { type: 'text', text: 'Look' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: Buffer.from([137, 80, 78, 71]).toString('base64') } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: Buffer.from([37, 80, 68, 70]).toString('base64') }, title: 'Q3 report' },
    ])
    expect(chat.messages[1]!.content).toEqual([
      { type: 'reasoning', text: 'hm', signature: 'EqQB', origin: 'bedrock' },
      { type: 'tool-call', id: 'tooluse_1', name: 'get', arguments: '{"q":1}' },
    ])
    expect(chat.messages[2]!.content).toEqual([{ type: 'tool-result', toolCallId: 'tooluse_1', content: [{ type: 'text', text: '{"temp":15}' }], isError: true }])
    expect(chat).toMatchObject({ maxOutputTokens: 2048, stopSequences: ['END'], toolChoice: 'required', reasoning: { enabled: true, budgetTokens: 1024 } })
  })
})

test('the client env lines point the AWS SDK at the proxy URL, its path and the encoded model id included', async () => {
  let seen = ''
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: (request) => {
      seen = new URL(request.url).pathname
      return Response.json(bedrockCodec.encodeResponse({ id: '', model: '', content: [{ type: 'text', text: 'ok' }], finishReason: { kind: 'stop' } }, encodeContext()))
    },
  })
  const lines = bedrockCodec.client.envVars(`http://127.0.0.1:${server.port}/proxy/TOKEN`, 'any-value')
  const saved = { ...process.env }
  for (const line of lines) {
    const [name, ...value] = line.split('=')
    process.env[name!] = value.join('=')
  }
  try {
    const client = new BedrockRuntimeClient({ requestHandler: new NodeHttpHandler(), maxAttempts: 1 })
    const output = await client.send(new ConverseCommand({ modelId: 'us.amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }))
    client.destroy()
    expect(output.output?.message?.content).toEqual([{ text: 'ok' }])
    expect(seen).toBe('/proxy/TOKEN/model/us.amazon.nova-lite-v1%3A0/converse')
  } finally {
    for (const line of lines) delete process.env[line.split('=')[0]!]
    Object.assign(process.env, saved)
    server.stop(true)
  }
})
