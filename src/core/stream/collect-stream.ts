/**
 * A non-streaming response is a collected stream: every protocol decodes streams, and a
 * non-streaming client answer is built from the same events.
 */
import { BridgeError } from '../errors.ts'
import type { AssistantPart, ChatResponse, ReasoningPart, StreamEvent, TextPart, ToolCallPart, Usage } from '../model/index.ts'
import { mergeUsage } from '../model/index.ts'

export async function collectStream(events: AsyncIterable<StreamEvent>): Promise<ChatResponse> {
  const all: StreamEvent[] = []
  for await (const event of events) {
    all.push(event)
    if (event.type === 'response-end' || event.type === 'error') break
  }
  return collectEvents(all)
}

/** The same over events already in memory: no async step per event (the proxy's JSON path). */
export function collectEvents(events: Iterable<StreamEvent>): ChatResponse {
  const parts = new Map<number, AssistantPart>()
  let id = ''
  let model = ''
  let created: number | undefined
  let usage: Usage | undefined
  for (const event of events) {
    switch (event.type) {
      case 'response-start':
        id = event.id
        model = event.model
        created = event.created
        if (event.usage) usage = mergeUsage(usage, event.usage)
        break
      case 'text-start':
        parts.set(event.index, { type: 'text', text: '' })
        break
      case 'text-delta':
        appendText(parts.get(event.index), event.text)
        break
      case 'reasoning-start': {
        const part: ReasoningPart = { type: 'reasoning', text: '' }
        if (event.redactedData !== undefined) part.redactedData = event.redactedData
        parts.set(event.index, part)
        break
      }
      case 'reasoning-delta':
        appendText(parts.get(event.index), event.text)
        break
      case 'reasoning-signature': {
        const part = parts.get(event.index)
        if (part?.type === 'reasoning') part.signature = (part.signature ?? '') + event.signature
        break
      }
      case 'tool-call-start':
        parts.set(event.index, { type: 'tool-call', id: event.id, name: event.name, arguments: '' })
        break
      case 'tool-call-delta': {
        const part = parts.get(event.index)
        if (part?.type === 'tool-call') part.arguments += event.argumentsDelta
        break
      }
      case 'tool-call-end': {
        const part = parts.get(event.index) as ToolCallPart | undefined
        if (part?.type === 'tool-call' && event.signature !== undefined) part.signature = event.signature
        break
      }
      case 'usage':
        usage = mergeUsage(usage, event.usage)
        break
      case 'error':
        throw event.error
      case 'response-end': {
        const content = [...parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part)
        const response: ChatResponse = { id, model, content, finishReason: event.finishReason }
        if (usage !== undefined) response.usage = usage
        if (created !== undefined) response.created = created
        return response
      }
      case 'text-end':
      case 'reasoning-end':
        break
    }
  }
  throw new BridgeError({
    kind: 'upstream',
    code: 'UPSTREAM_ERROR',
    status: 502,
    retryable: true,
    message: 'The upstream stream ended before the response was complete',
  })
}

function appendText(part: AssistantPart | undefined, text: string): void {
  if (part?.type === 'text' || part?.type === 'reasoning') (part as TextPart | ReasoningPart).text += text
}
