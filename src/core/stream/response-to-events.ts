/** A complete response replayed as canonical events, so a non-streaming upstream can feed a streaming client. */
import type { ChatResponse, StreamEvent } from '../model/index.ts'

export function* responseToEvents(response: ChatResponse): Generator<StreamEvent> {
  const start: StreamEvent = { type: 'response-start', id: response.id, model: response.model }
  if (response.created !== undefined) start.created = response.created
  yield start
  for (const [index, part] of response.content.entries()) {
    switch (part.type) {
      case 'text':
        yield { type: 'text-start', index }
        if (part.text !== '') yield { type: 'text-delta', index, text: part.text }
        yield { type: 'text-end', index }
        break
      case 'reasoning':
        yield part.redactedData === undefined
          ? { type: 'reasoning-start', index }
          : { type: 'reasoning-start', index, redactedData: part.redactedData }
        if (part.text !== '') yield { type: 'reasoning-delta', index, text: part.text }
        if (part.signature) yield { type: 'reasoning-signature', index, signature: part.signature }
        yield { type: 'reasoning-end', index }
        break
      case 'tool-call':
        yield { type: 'tool-call-start', index, id: part.id, name: part.name }
        if (part.arguments !== '') yield { type: 'tool-call-delta', index, argumentsDelta: part.arguments }
        yield part.signature === undefined
          ? { type: 'tool-call-end', index }
          : { type: 'tool-call-end', index, signature: part.signature }
        break
    }
  }
  if (response.usage) yield { type: 'usage', usage: response.usage }
  yield { type: 'response-end', finishReason: response.finishReason }
}

export async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items
}
