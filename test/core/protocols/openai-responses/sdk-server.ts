/**
 * A Bun.serve on port 0 that answers the official `openai` SDK's `responses` calls with what our
 * encoders produce, so tests check the output with the real client's accumulator.
 */
import OpenAI from 'openai'
import type { BridgeError } from '../../../../src/core/errors.ts'
import type { ChatResponse, StreamEvent } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
import { openaiResponsesCodec } from '../../../../src/core/protocols/openai-responses/index.ts'
import { batchesOf } from './support.ts'

export type Answer = { kind: 'stream'; events: StreamEvent[] } | { kind: 'response'; response: ChatResponse } | { kind: 'error'; error: BridgeError }

export type SdkServer = { client: OpenAI; answer(next: Answer): void; lastWire(): string; stop(): void }

export const CLIENT_MODEL = 'claude-as-codex'

export function startSdkServer(): SdkServer {
  let current: Answer | undefined
  let wire = ''
  const server = Bun.serve({
    port: 0,
    async fetch(request) {
      const body: unknown = await request.json()
      const context: EncodeContext = {
        upstreamModel: 'upstream-model',
        clientModel: CLIENT_MODEL,
        warnings: new WarningSink(),
        clientRequest: openaiResponsesCodec.decodeRequest(body, { group: 'chat' }, new WarningSink()),
      }
      if (current === undefined) return new Response('no answer configured', { status: 500 })
      if (current.kind === 'error') {
        const encoded = openaiResponsesCodec.encodeError(current.error, { requestId: 'req_test', docsUrl: 'https://example.invalid/docs' })
        return Response.json(encoded.body, { status: encoded.status, headers: encoded.headers })
      }
      if (current.kind === 'response') return Response.json(openaiResponsesCodec.encodeResponse(current.response, context))
      wire = ''
      const chunks = openaiResponsesCodec.encodeStream(batchesOf(current.events), context)[Symbol.asyncIterator]()
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await chunks.next()
          if (next.done) return controller.close()
          const text = typeof next.value === 'string' ? next.value : new TextDecoder().decode(next.value)
          wire += text
          // A keepalive between two chunks, as the proxy sends while the upstream is silent.
          controller.enqueue(new TextEncoder().encode(text + (openaiResponsesCodec.stream.keepalive ?? '')))
        },
      })
      return new Response(stream, { headers: { 'content-type': openaiResponsesCodec.stream.contentType } })
    },
  })
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${server.port}/v1`, apiKey: 'x', maxRetries: 0 })
  return {
    client,
    answer: (next) => {
      current = next
    },
    lastWire: () => wire,
    stop: () => server.stop(true),
  }
}
