/**
 * A tiny Bun.serve on port 0 that answers the official `openai` SDK with what our encoders
 * produce, so tests check our output with the real client parser.
 */
import { eventsAsBatches } from '../../../../src/core/stream/batches.ts'
import OpenAI from 'openai'
import { BridgeError } from '../../../../src/core/errors.ts'
import type { ChatResponse, StreamEvent } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
import { openaiCodec } from '../../../../src/core/protocols/openai/index.ts'

export type Answer =
  | { kind: 'stream'; events: StreamEvent[] }
  | { kind: 'response'; response: ChatResponse }
  | { kind: 'error'; error: BridgeError }

export type SdkServer = { client: OpenAI; answer(next: Answer): void; lastRequest(): unknown; stop(): void }

export const CLIENT_MODEL = 'claude-as-gpt'

export function startSdkServer(): SdkServer {
  let current: Answer = { kind: 'error', error: BridgeError.invalidRequest('no answer configured') }
  let last: unknown
  const server = Bun.serve({
    port: 0,
    async fetch(request) {
      last = await request.json()
      const context: EncodeContext = {
        upstreamModel: 'upstream-model',
        clientModel: CLIENT_MODEL,
        warnings: new WarningSink(),
        clientRequest: openaiCodec.decodeRequest(last, { group: 'chat' }, new WarningSink()),
      }
      if (current.kind === 'error') {
        const encoded = openaiCodec.encodeError(current.error, { requestId: 'req_test', docsUrl: 'https://example.invalid/docs' })
        return Response.json(encoded.body, { status: encoded.status, headers: encoded.headers })
      }
      if (current.kind === 'response') return Response.json(openaiCodec.encodeResponse(current.response, context))
      const encoder = openaiCodec.encodeStream(eventsAsBatches(current.events), context)[Symbol.asyncIterator]()
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await encoder.next()
          if (next.done) controller.close()
          else controller.enqueue(typeof next.value === 'string' ? new TextEncoder().encode(next.value) : next.value)
        },
      })
      return new Response(body, { headers: { 'content-type': openaiCodec.stream.contentType } })
    },
  })
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${server.port}/v1`, apiKey: 'x', maxRetries: 0 })
  return {
    client,
    answer: (next) => {
      current = next
    },
    lastRequest: () => last,
    stop: () => server.stop(true),
  }
}

async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items
}
