/**
 * A Bedrock upstream that fails inside its ConverseStream (an exception frame after some text,
 * bedrock-converse.md §5.1): each client gets what came before, then its own protocol's error,
 * never a complete-looking answer; the row keeps the 200 and the error code.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import { BedrockRuntimeClient, ConverseStreamCommand, ThrottlingException } from '@aws-sdk/client-bedrock-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { startFaultUpstream, type FaultUpstream } from '../support/fault-upstream.ts'
import { bedrockMock, streamException } from '../pair-matrix/mocks/bedrock.ts'

const SAID = { text: 'Hello from Bedrock, then a throttle.', finish: 'stop' as const, usage: { input: 5, output: 6 } }
const THROTTLED = 'Too many tokens, please wait before trying again.'

let bridge: E2eBridge
let upstream: FaultUpstream
beforeAll(async () => {
  bridge = await startE2eBridge()
  upstream = startFaultUpstream(() => streamException(SAID, 'throttlingException', THROTTLED))
  bridge.allowUpstream(upstream.port)
})
afterAll(async () => {
  upstream.stop()
  await bridge.close()
})

async function mint(source: string): Promise<{ proxyUrl: string; tokenId: string }> {
  return bridge.mint({
    version: 2,
    source: { protocol: source },
    target: bedrockMock.target(upstream.url, UPSTREAM_KEY),
    model: { mode: 'force', force: bedrockMock.upstreamModel },
    retry: { maxAttempts: 1 },
  })
}

test('an Anthropic client gets the text, then a rate-limit error event with the upstream message', async () => {
  const { proxyUrl, tokenId } = await mint('anthropic')
  const client = new Anthropic({ baseURL: proxyUrl, apiKey: CLIENT_KEY, maxRetries: 0 })
  let text = ''
  const types: string[] = []
  const failure = await (async () => {
    for await (const event of client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] })) {
      types.push(event.type)
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text
    }
  })().then(() => undefined, (error: unknown) => error)
  expect(failure).toBeInstanceOf(Anthropic.APIError)
  expect(String((failure as Error).message)).toContain(THROTTLED)
  expect(SAID.text.startsWith(text) && text !== '').toBe(true)
  expect(types).not.toContain('message_stop')
  const [row] = await bridge.rowsFor(tokenId, 1)
  expect(row).toMatchObject({ status: 200, errorCode: 'RATE_LIMITED' })
})

test('a Bedrock client (passthrough) gets the frames as they came: the SDK raises ThrottlingException after the text', async () => {
  const { proxyUrl } = await mint('bedrock')
  const client = new BedrockRuntimeClient({
    region: 'us-east-1', endpoint: proxyUrl, credentials: { accessKeyId: CLIENT_KEY, secretAccessKey: CLIENT_KEY }, requestHandler: new NodeHttpHandler(), maxAttempts: 1,
  })
  const output = await client.send(new ConverseStreamCommand({ modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0', messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }))
  let text = ''
  const failure = await (async () => {
    for await (const event of output.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? ''
  })().then(() => undefined, (error: unknown) => error)
  client.destroy()
  expect(failure).toBeInstanceOf(ThrottlingException)
  expect((failure as Error).message).toBe(THROTTLED)
  expect(text).not.toBe('')
})
