/**
 * Responses output items → canonical assistant parts, for whole responses (decode-response) and
 * for the items a stream completes. Items of built-in tools (web_search_call, …) ran on the
 * upstream and have no canonical form; they are skipped.
 * @see ../../../../../shared/protocols/openai-responses.md §7
 */
import type { AssistantPart, ToolCallPart } from '../../model/index.ts'
import { arrayOf, isObject, optionalString, type JsonObject } from '../openai/narrow.ts'
import { decodeReasoningItem } from './decode-reasoning-item.ts'
import type { OutputFacts } from './map-stop-reason.ts'
import { flatToolName } from './tool-origins.ts'

export type DecodedOutput = { parts: AssistantPart[]; facts: OutputFacts }

export function decodeOutput(output: unknown): DecodedOutput {
  const decoded: DecodedOutput = { parts: [], facts: { hadToolCalls: false, hadRefusal: false } }
  for (const item of arrayOf(output)) {
    if (!isObject(item)) continue
    switch (item.type) {
      case 'reasoning':
        decoded.parts.push(decodeReasoningItem(item))
        break
      case 'message':
        for (const part of arrayOf(item.content)) {
          if (!isObject(part)) continue
          if (part.type === 'output_text' && typeof part.text === 'string') decoded.parts.push({ type: 'text', text: part.text })
          if (part.type === 'refusal' && typeof part.refusal === 'string') {
            decoded.facts.hadRefusal = true
            decoded.parts.push({ type: 'text', text: part.refusal })
          }
        }
        break
      case 'function_call':
      case 'custom_tool_call':
        decoded.facts.hadToolCalls = true
        decoded.parts.push(decodeCall(item))
        break
    }
  }
  return decoded
}

export function decodeCall(item: JsonObject): ToolCallPart {
  const name = optionalString(item.name) ?? ''
  const namespace = optionalString(item.namespace)
  const args = item.type === 'custom_tool_call' ? JSON.stringify({ input: optionalString(item.input) ?? '' }) : optionalString(item.arguments) || '{}'
  return {
    type: 'tool-call',
    id: optionalString(item.call_id) ?? optionalString(item.id) ?? '',
    name: namespace === undefined || namespace === '' ? name : flatToolName(namespace, name),
    arguments: args,
  }
}
