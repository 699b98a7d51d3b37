/**
 * A Bedrock API key is a bearer token: an AWS SDK configured with one (`token`, what
 * AWS_BEARER_TOKEN_BEDROCK sets) sends `Authorization: Bearer …` instead of a SigV4 signature. The
 * proxy token works in that place, so the token stays out of the URL: the endpoint is the bridge's
 * `/proxy` base.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { anthropicReply } from '../support/e2e-wire.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

test('the AWS SDK with a bearer token reaches the bridge at /proxy, the proxy token never in a URL', async () => {
  const { proxyUrl, tokenId } = await bridge.mint({
    version: 2,
    source: { protocol: 'bedrock' },
    target: { protocol: 'anthropic', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
    model: { mode: 'force', force: 'claude-sonnet-4-5' },
  })
  const token = proxyUrl.slice(proxyUrl.indexOf('/proxy/') + '/proxy/'.length)
  bridge.mock.script(anthropicReply({ blocks: [{ type: 'text', text: 'Hello over a bearer token.' }], stopReason: 'end_turn', usage: { input: 9, output: 6 } }))
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: `${bridge.url}/proxy`,
    token: { token },
    authSchemePreference: ['httpBearerAuth'],
    requestHandler: new NodeHttpHandler(),
  })
  const answer = await client.send(new ConverseCommand({ modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }))
  expect(answer.output?.message?.content?.[0]?.text).toBe('Hello over a bearer token.')
  expect(answer.stopReason).toBe('end_turn')
  const [row] = await bridge.rowsFor(tokenId, 1)
  expect(row).toMatchObject({ status: 200, sourceProtocol: 'bedrock', targetProtocol: 'anthropic' })
  expect(row?.path).not.toContain(token)
  expect(bridge.mock.requests[0]?.headers.get('x-api-key')).toBe(UPSTREAM_KEY)
})
