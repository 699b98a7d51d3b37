/**
 * A WebSocket handshake on a proxy URL (Codex with `supports_websockets` opens
 * `WebSocket /v1/responses` first) is refused at once with 426 Upgrade Required, the answer Codex
 * reads as "no WebSockets here" before sending the turn over HTTP (a 404 or 405 makes it retry the
 * handshake five times). Nothing reaches the upstream; the refusal leaves its log row.
 * (test/e2e/codex.test.ts runs Codex itself with WebSockets on.)
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'

let bridge: E2eBridge
let proxyUrl: string
let tokenId: string
beforeAll(async () => {
  bridge = await startE2eBridge()
  ;({ proxyUrl, tokenId } = await bridge.mint({
    version: 2,
    source: { protocol: 'openai-responses' },
    target: { protocol: 'anthropic', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
  }))
})
afterAll(async () => {
  await bridge.close()
})

test('a WebSocket handshake on /v1/responses is answered 426 in the OpenAI error shape, and nothing goes upstream', async () => {
  bridge.mock.script(() => ({ status: 500, json: { error: 'the upstream must not be asked' } }))
  const response = await fetch(`${proxyUrl}/v1/responses`, {
    headers: {
      authorization: `Bearer ${CLIENT_KEY}`,
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'sec-websocket-version': '13',
    },
  })
  expect(response.status).toBe(426)
  const body = (await response.json()) as { error?: { message?: string }; error_code?: string }
  expect(body.error?.message).toContain('WebSocket is not supported')
  expect(body.error_code).toBe('UNSUPPORTED_ENDPOINT')
  expect(bridge.mock.requests).toHaveLength(0)
  const [row] = await bridge.rowsFor(tokenId, 1)
  expect({ status: row?.status, errorCode: row?.errorCode }).toEqual({ status: 426, errorCode: 'UNSUPPORTED_ENDPOINT' })
})
