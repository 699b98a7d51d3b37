/**
 * Reads a request body with a size cap. Content-Length is only a hint (it may be absent with
 * chunked encoding, or lie); the cap is enforced on the bytes actually read, and reading stops
 * at the first byte over it.
 */
import { concatBytes } from '../core/concat-bytes.ts'
import { BridgeError } from '../core/errors.ts'
import { assertJsonNesting } from '../core/json-nesting.ts'

export function payloadTooLarge(maxBytes: number): BridgeError {
  return new BridgeError({
    kind: 'request-too-large',
    code: 'PAYLOAD_TOO_LARGE',
    status: 413,
    message: `The request body is larger than ${maxBytes} bytes`,
  })
}

export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > maxBytes) throw payloadTooLarge(maxBytes)
  // A declared length within the cap is exact (the HTTP parser frames the body by it): one native
  // read, without the JS ReadableStream that request.body creates (a visible share of the
  // bridge's CPU per request in the bench profile). Chunked bodies are read and capped below.
  if (Number.isFinite(declared) && request.headers.get('transfer-encoding') === null) {
    const bytes = new Uint8Array(await request.arrayBuffer())
    if (bytes.byteLength > maxBytes) throw payloadTooLarge(maxBytes)
    return bytes
  }
  if (!request.body) return new Uint8Array(0)
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => {})
      throw payloadTooLarge(maxBytes)
    }
    chunks.push(value)
  }
  return concatBytes(chunks)
}

/** One JSON.parse per request; the message names the problem but never echoes the body. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0) throw BridgeError.invalidRequest('The request body is empty; a JSON object was expected')
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'not valid UTF-8'
    throw BridgeError.invalidRequest(`The request body is not valid JSON: ${reason.slice(0, 200)}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw BridgeError.invalidRequest('The request body must be a JSON object')
  }
  // Before anything walks it: the decoders and JSON.stringify recurse.
  assertJsonNesting(value)
  return value
}
