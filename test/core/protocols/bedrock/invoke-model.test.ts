/** InvokeModel with Anthropic bodies (Claude Code's Bedrock mode), read by the real AWS SDK. */
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { expect, test } from 'bun:test'
import { encodeInvokeStream, invokeBodyToMessages } from '../../../../src/core/protocols/bedrock/invoke-model.ts'
import { matchBedrockRoute } from '../../../../src/core/protocols/bedrock/routes.ts'
import { concat, toArray } from './support.ts'

const SSE = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":5,"output_tokens":0}}}\n\n',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\nevent: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hé',
  'llo"}}\n\n',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\nevent: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
]

async function* strings(items: string[]): AsyncGenerator<string> {
  yield* items
}

test('the invoke route’s body becomes an Anthropic Messages body with the path’s model and streaming', () => {
  const route = matchBedrockRoute('POST', 'model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke-with-response-stream')!
  const body = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], anthropic_beta: ['x'] }
  expect(invokeBodyToMessages(body, route)).toEqual({
    max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], anthropic_beta: ['x'], model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', stream: true,
  })
})

test('Anthropic SSE becomes chunk events the AWS SDK decodes into the same event JSON', async () => {
  const chunks = await toArray(encodeInvokeStream(strings(SSE)))
  expect(chunks).toHaveLength(4)
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response(concat(chunks).slice(), { headers: { 'content-type': 'application/vnd.amazon.eventstream' } }) })
  const client = new BedrockRuntimeClient({
    region: 'us-east-1', endpoint: `http://127.0.0.1:${server.port}`, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1,
  })
  try {
    const output = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'm', body: '{}', contentType: 'application/json' }))
    const received: unknown[] = []
    for await (const event of output.body!) received.push(JSON.parse(new TextDecoder().decode(event.chunk!.bytes)))
    const expected = SSE.join('').split('\n\n').filter((block) => block !== '').map((block) => JSON.parse(block.split('data: ')[1]!))
    expect(received).toEqual(expected)
  } finally {
    client.destroy()
    server.stop(true)
  }
})
