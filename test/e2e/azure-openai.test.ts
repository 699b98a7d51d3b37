/**
 * Azure OpenAI, a dialect of OpenAI Chat (auth type azure, no codec of its own), end to end:
 * as a target of the Anthropic and OpenAI SDKs (an Azure mock with both URL shapes, the `api-key`
 * header, Azure's stream quirks and its content-filter error, which translated clients get as
 * their own refusal), and the openai SDK's AzureOpenAI class as a client against proxy URLs (its
 * deployment paths with api-version, and the v1 API).
 * @see ../../../shared/protocols/azure-openai.md
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { AzureOpenAI } from 'openai'
import { anthropicTargetBody, CLIENT_KEY, openaiTargetBody, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { ANTHROPIC_MODES, anthropicClient, askAnthropic, openaiClient } from '../support/e2e-clients.ts'
import { anthropicReply, fixtureReply, readFixtureJson } from '../support/e2e-wire.ts'

const DEPLOYMENT = 'gpt-4o-prod'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

const azureAnswer = () => fixtureReply({ json: 'openai-chat/azure-text.json', stream: 'openai-chat/azure-async-filter.chunks.txt' })

/** An Azure target: with a deployment, the classic shape (deployments/… ?api-version); without, the v1 API. */
function azureTarget(deployment: boolean): Record<string, unknown> {
  const auth = deployment ? { type: 'azure', apiKey: UPSTREAM_KEY, deployment: DEPLOYMENT, apiVersion: '2024-10-21' } : { type: 'azure', apiKey: UPSTREAM_KEY }
  return { provider: 'azure-openai', baseUrl: bridge.mock.url, auth }
}

function expectAzureCall(deployment: boolean): void {
  const seen = bridge.mock.requests[0]!
  expect(seen.path + seen.search).toBe(deployment ? `/openai/deployments/${DEPLOYMENT}/chat/completions?api-version=2024-10-21` : '/openai/v1/chat/completions')
  expect(seen.headers.get('api-key')).toBe(UPSTREAM_KEY)
  expect(seen.headers.has('authorization')).toBe(false)
  expect(seen.text).not.toContain(CLIENT_KEY)
  expect((seen.json as { model: string }).model).toBe(DEPLOYMENT)
}

describe('Azure OpenAI as the target', () => {
  for (const mode of ANTHROPIC_MODES) {
    test(`an Anthropic client (${mode}) gets the text through Azure's empty first chunk, filter results and async-filter chunks`, async () => {
      const { proxyUrl } = await bridge.mint(openaiTargetBody(bridge, { target: azureTarget(true), model: { mode: 'force', force: DEPLOYMENT } }))
      bridge.mock.script(await azureAnswer())
      const message = await askAnthropic(anthropicClient(proxyUrl), mode, { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Capital of France?' }] })
      expect(message.content.map((block) => (block.type === 'text' ? block.text : block.type))).toEqual(['Paris is the capital.'])
      expect(message.stop_reason).toBe('end_turn')
      expect(message.usage).toMatchObject({ input_tokens: 14, output_tokens: 5 })
      expect(JSON.stringify(message)).not.toContain('filter')
      expectAzureCall(true)
    })

    test(`Azure's content-filter 400 reaches an Anthropic client (${mode}) as its refusal`, async () => {
      const { proxyUrl, tokenId } = await bridge.mint(openaiTargetBody(bridge, { target: azureTarget(false), model: { mode: 'force', force: DEPLOYMENT } }))
      const body = await readFixtureJson('openai-chat/azure-error-400-content-filter.json')
      bridge.mock.script(() => ({ status: 400, json: body }))
      const message = await askAnthropic(anthropicClient(proxyUrl), mode, { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Something the filter flags' }] })
      expect({ stop_reason: message.stop_reason, content: message.content }).toEqual({ stop_reason: 'refusal', content: [] })
      expectAzureCall(false)
      const [row] = await bridge.rowsFor(tokenId, 1)
      expect(row?.status).toBe(200)
      expect(row?.warnings?.map((warning) => warning.code)).toContain('upstream-refusal')
    })
  }

  test("Azure's content-filter 400 reaches a Bedrock client as Converse's content_filtered stop", async () => {
    const { proxyUrl } = await bridge.mint(openaiTargetBody(bridge, { source: { protocol: 'bedrock' }, target: azureTarget(true), model: { mode: 'force', force: DEPLOYMENT } }))
    const body = await readFixtureJson('openai-chat/azure-error-400-content-filter.json')
    bridge.mock.script(() => ({ status: 400, json: body }))
    const client = new BedrockRuntimeClient({
      region: 'us-east-1', endpoint: proxyUrl, credentials: { accessKeyId: CLIENT_KEY, secretAccessKey: CLIENT_KEY }, requestHandler: new NodeHttpHandler(), maxAttempts: 1,
    })
    const output = await client.send(new ConverseCommand({ modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0', messages: [{ role: 'user', content: [{ text: 'Something the filter flags' }] }] }))
    client.destroy()
    expect(output.stopReason).toBe('content_filtered')
    expectAzureCall(true)
  })

  test('an OpenAI client passes through to the v1 API with the api-key header', async () => {
    const { proxyUrl } = await bridge.mint(openaiTargetBody(bridge, { source: { protocol: 'openai' }, target: azureTarget(false), model: { mode: 'force', force: DEPLOYMENT } }))
    bridge.mock.script(await azureAnswer())
    const completion = await openaiClient(proxyUrl).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Capital of France?' }] })
    expect(completion.choices[0]?.message.content).toBe('Paris is the capital.')
    expectAzureCall(false)
  })

  test('an OpenAI client streams through to a deployment URL; the empty first chunk does not break the SDK', async () => {
    const { proxyUrl } = await bridge.mint(openaiTargetBody(bridge, { source: { protocol: 'openai' }, target: azureTarget(true), model: { mode: 'force', force: DEPLOYMENT } }))
    bridge.mock.script(await azureAnswer())
    const stream = await openaiClient(proxyUrl).chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Capital of France?' }] })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? ''
    expect(text).toBe('Paris is the capital.')
    expectAzureCall(true)
  })
})

describe('the AzureOpenAI client against a proxy URL', () => {
  const ask = (client: AzureOpenAI) => client.chat.completions.create({ model: DEPLOYMENT, messages: [{ role: 'user', content: 'Hi' }] })

  test('deployment paths with api-version pass through to an OpenAI upstream as /v1/chat/completions', async () => {
    const { proxyUrl } = await bridge.mint(openaiTargetBody(bridge, { source: { protocol: 'openai' }, model: { mode: 'force', force: 'gpt-4o' } }))
    bridge.mock.script(await azureAnswer())
    const client = new AzureOpenAI({ endpoint: proxyUrl, apiKey: CLIENT_KEY, apiVersion: '2024-10-21', deployment: DEPLOYMENT, maxRetries: 0 })
    expect((await ask(client)).choices[0]?.message.content).toBe('Paris is the capital.')
    const seen = bridge.mock.requests[0]!
    // Azure's api-version belongs to Azure's URL shape: an OpenAI upstream does not get it.
    expect(seen.path + seen.search).toBe('/v1/chat/completions')
    expect(seen.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
    expect(seen.headers.has('api-key')).toBe(false)
    expect((seen.json as { model: string }).model).toBe('gpt-4o')
  })

  test('the v1 base URL (openai/v1/…) is translated to an Anthropic upstream, streamed', async () => {
    const { proxyUrl } = await bridge.mint(anthropicTargetBody(bridge, { model: { mode: 'force', force: 'claude-sonnet-4-5' } }))
    bridge.mock.script(anthropicReply({ blocks: [{ type: 'text', text: 'Hello from Claude.' }], stopReason: 'end_turn', usage: { input: 8, output: 4 } }))
    const client = new AzureOpenAI({ baseURL: `${proxyUrl}/openai/v1`, apiKey: CLIENT_KEY, apiVersion: 'preview', maxRetries: 0 })
    const stream = await client.chat.completions.create({ model: DEPLOYMENT, stream: true, messages: [{ role: 'user', content: 'Hi' }] })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? ''
    expect(text).toBe('Hello from Claude.')
    expect(bridge.mock.requests[0]?.path).toBe('/v1/messages')
  })
})
