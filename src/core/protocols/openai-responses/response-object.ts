/**
 * The Response object a Responses client receives: in `response.created` / `in_progress` (empty
 * output, usage null), in the terminal event (the complete output and usage), and as a
 * non-streamed answer. It echoes the client's settings where the client's SDK reads them.
 * @see ../../../../../shared/protocols/openai-responses.md §7, §9
 */
import type { BridgeError } from '../../errors.ts'
import type { ChatRequest, Usage } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { encodeUsage } from './convert-usage.ts'
import { streamErrorFields } from './encode-error.ts'
import type { WireEnding } from './map-stop-reason.ts'
import type { WireOutputItem, WireResponse } from './wire.ts'

export type ResponseMeta = { id: string; createdAt: number; model: string; request: ChatRequest | undefined }

export function newItemId(prefix: 'msg' | 'rs' | 'fc' | 'ctc'): string {
  return `${prefix}_${crypto.randomUUID().replace(/-/g, '')}`
}

/** Upstream ids (msg_…, chatcmpl-…) become `resp_…`; a Responses id stays as it is. */
export function toResponseId(id: string): string {
  if (id.startsWith('resp_')) return id
  return id === '' ? newItemId('msg').replace(/^msg_/, 'resp_') : `resp_${id.replace(/[^A-Za-z0-9_-]/g, '')}`
}

export function responseMeta(id: string, created: number | undefined, context: EncodeContext): ResponseMeta {
  return { id: toResponseId(id), createdAt: created ?? Math.floor(Date.now() / 1000), model: context.clientModel, request: context.clientRequest }
}

export function inProgressResponse(meta: ResponseMeta): WireResponse {
  return skeleton(meta, 'in_progress', [])
}

export function finalResponse(meta: ResponseMeta, output: WireOutputItem[], ending: WireEnding, usage: Usage | undefined): WireResponse {
  const response = skeleton(meta, ending.status, output)
  if (ending.incompleteReason !== undefined) response.incomplete_details = { reason: ending.incompleteReason }
  response.usage = encodeUsage(usage)
  response.completed_at = Math.floor(Date.now() / 1000)
  return response
}

export function failedResponse(meta: ResponseMeta, output: WireOutputItem[], error: BridgeError, usage: Usage | undefined): WireResponse {
  const response = skeleton(meta, 'failed', output)
  const fields = streamErrorFields(error)
  response.error = { code: fields.code, message: fields.message }
  if (usage !== undefined) response.usage = encodeUsage(usage)
  return response
}

function skeleton(meta: ResponseMeta, status: WireResponse['status'], output: WireOutputItem[]): WireResponse {
  const request = meta.request
  const extension = request?.extensions?.['openai-responses'] ?? {}
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.createdAt,
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: isRecord(extension.metadata) ? extension.metadata : {},
    model: meta.model,
    output,
    parallel_tool_calls: request?.parallelToolCalls ?? true,
    temperature: request?.temperature ?? null,
    top_p: request?.topP ?? null,
    tool_choice: extension.tool_choice_raw ?? encodeChoiceEcho(request),
    tools: [],
    store: false,
    usage: null,
  }
}

function encodeChoiceEcho(request: ChatRequest | undefined): unknown {
  const choice = request?.toolChoice
  if (choice === undefined) return 'auto'
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.name }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
