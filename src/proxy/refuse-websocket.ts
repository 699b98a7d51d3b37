/**
 * The bridge speaks HTTP only. A client that tries a WebSocket first (Codex with
 * `supports_websockets`, on `GET /v1/responses`) must learn so at once: Codex treats
 * 426 Upgrade Required as "no WebSockets here" and sends the turn over HTTP straight away, while a
 * 404 or 405 makes it retry the handshake five times and a 400 fails the turn (measured with Codex
 * 0.171). The answer is an ordinary error in the client's protocol.
 */
import { BridgeError } from '../core/errors.ts'

export function isWebSocketUpgrade(headers: Headers): boolean {
  return headers.get('upgrade')?.toLowerCase().includes('websocket') === true
}

export function webSocketRefused(): BridgeError {
  return new BridgeError({
    kind: 'unsupported-endpoint',
    code: 'UNSUPPORTED_ENDPOINT',
    status: 426,
    message: 'WebSocket is not supported: send the request over HTTP',
  })
}
