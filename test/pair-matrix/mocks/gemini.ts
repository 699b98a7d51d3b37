/**
 * A Gemini generateContent upstream for the pair matrix, shaped after the recorded fixtures
 * (gemini-3-thought-then-function-call.sse, gemini-3-function-call-signature.json): thought parts
 * first, text, then each functionCall whole with its id, the thoughtSignature on the first call
 * (or on an empty trailing text part when there is none), usageMetadata as a running total, the
 * finish on the last chunk (STOP also for calls). Streams are SSE with Google's CRLF separators
 * and are only served for `?alt=sse`; errors are google.rpc.Status bodies. The key must arrive
 * as `x-goog-api-key`, never in the URL.
 * @see ../../../../shared/protocols/gemini.md §1, §2, §4, §7, §8, §9
 */
import type { FaultReply } from '../../support/fault-upstream.ts'
import type { ScriptedAnswer, SeenPart, SeenRequest, UpstreamCall, UpstreamFailure, UpstreamMock } from '../contract.ts'
import { cutJsonReply, cutStreamReply } from './break-reply.ts'

const MODEL_VERSION = 'gemini-2.5-flash'
const RESPONSE_ID = 'ibRCaOfLGfuQ1PIPqNma8Aw'
const FINISH = { stop: 'STOP', length: 'MAX_TOKENS', 'tool-calls': 'STOP' } as const

type Part = Record<string, unknown>

/** Cache hits are counted inside promptTokenCount; Gemini reports no cache writes (implicit caching). */
function usageMetadata(answer: ScriptedAnswer, final: boolean): Record<string, unknown> {
  const { input, output, cacheRead } = answer.usage
  const cached = cacheRead === undefined ? {} : { cachedContentTokenCount: cacheRead, cacheTokensDetails: [{ modality: 'TEXT', tokenCount: cacheRead }] }
  if (!final) return { promptTokenCount: input, totalTokenCount: input, ...cached, promptTokensDetails: [{ modality: 'TEXT', tokenCount: input }] }
  return { promptTokenCount: input, candidatesTokenCount: output, totalTokenCount: input + output, ...cached, promptTokensDetails: [{ modality: 'TEXT', tokenCount: input }] }
}

function callParts(answer: ScriptedAnswer): Part[] {
  return (answer.toolCalls ?? []).map((call, index) => {
    const part: Part = { functionCall: { name: call.name, args: call.args, id: call.id } }
    if (index === 0 && answer.reasoning) part.thoughtSignature = answer.reasoning.token
    return part
  })
}

/** Without a call to carry it, the signature rides on an empty trailing part (Gemini 3). */
function trailingSignature(answer: ScriptedAnswer): Part[] {
  return answer.reasoning && !answer.toolCalls?.length ? [{ text: '', thoughtSignature: answer.reasoning.token }] : []
}

function response(parts: Part[], answer: ScriptedAnswer, final: boolean): Record<string, unknown> {
  const candidate: Record<string, unknown> = { content: { parts: parts.length > 0 ? parts : [{ text: '' }], role: 'model' }, index: 0 }
  if (final) candidate.finishReason = FINISH[answer.finish]
  return { candidates: [candidate], usageMetadata: usageMetadata(answer, final), modelVersion: MODEL_VERSION, responseId: RESPONSE_ID }
}

function whole(answer: ScriptedAnswer): Record<string, unknown> {
  const parts: Part[] = []
  if (answer.reasoning) parts.push({ text: answer.reasoning.text, thought: true })
  if (answer.text !== undefined) parts.push({ text: answer.text })
  parts.push(...callParts(answer), ...trailingSignature(answer))
  return response(parts, answer, true)
}

function pieces(text: string, size: number): string[] {
  const out: string[] = []
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size))
  return out
}

function chunks(answer: ScriptedAnswer): string[] {
  const frame = (parts: Part[], final = false): string => `data: ${JSON.stringify(response(parts, answer, final))}\r\n\r\n`
  const out: string[] = []
  if (answer.reasoning) for (const piece of pieces(answer.reasoning.text, 9)) out.push(frame([{ text: piece, thought: true }]))
  for (const piece of pieces(answer.text ?? '', 5)) out.push(frame([{ text: piece }]))
  for (const part of callParts(answer)) out.push(frame([part]))
  out.push(frame(trailingSignature(answer), true))
  return out
}

const actionOf = (call: UpstreamCall): string => /:([A-Za-z]+)(\?|$)/.exec(call.path)?.[1] ?? ''
const wantsStream = (call: UpstreamCall): boolean => actionOf(call) === 'streamGenerateContent'

function json(status: number, body: unknown): FaultReply {
  return { status, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify(body) }
}

const status = (code: number, rpc: string, message: string, details?: unknown[]) => ({ error: { code, message, status: rpc, ...(details ? { details } : {}) } })

const FAILURES: Record<UpstreamFailure, FaultReply> = {
  'context-overflow': json(400, status(400, 'INVALID_ARGUMENT', 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).')),
  // Google APIs answer bad credentials with 401 UNAUTHENTICATED (the API-key form, a 400 with
  // reason API_KEY_INVALID, is read as an authentication error by the codec's own tests).
  auth: json(401, status(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.')),
  'rate-limit': json(429, status(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [
    { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }] },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' },
  ])),
  'server-error': json(500, status(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting')),
}

type WirePart = {
  text?: string
  thought?: boolean
  thoughtSignature?: string
  inlineData?: { mimeType: string; data: string }
  functionCall?: { name: string; args?: unknown; id?: string }
  functionResponse?: { name: string; id?: string; response?: { output?: unknown; error?: unknown } }
}
type WireBody = {
  contents?: Array<{ role?: string; parts?: WirePart[] }>
  tools?: Array<{ functionDeclarations?: Array<{ name: string }> }>
  generationConfig?: { maxOutputTokens?: number }
}

const resultText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value))

/** Thought text and every thoughtSignature of one content become its one reasoning part. */
function readParts(parts: WirePart[]): SeenPart[] {
  const out: SeenPart[] = []
  const tokens = parts.flatMap((part) => (part.thoughtSignature ? [part.thoughtSignature] : []))
  const thought = parts.filter((part) => part.thought === true).map((part) => part.text ?? '').join('')
  if (thought !== '' || tokens.length > 0) out.push({ type: 'reasoning', text: thought, tokens })
  for (const part of parts) {
    if (part.thought === true) continue
    if (part.functionCall) out.push({ type: 'tool-call', id: part.functionCall.id ?? '', name: part.functionCall.name, args: part.functionCall.args ?? {} })
    else if (part.functionResponse) {
      const reply = part.functionResponse.response ?? {}
      out.push({ type: 'tool-result', callId: part.functionResponse.id ?? '', text: resultText(reply.output ?? reply.error ?? reply) })
    } else if (part.inlineData) out.push({ type: 'image', mediaType: part.inlineData.mimeType, base64: part.inlineData.data })
    else if (part.text) out.push({ type: 'text', text: part.text })
  }
  return out
}

function read(call: UpstreamCall): SeenRequest {
  const body = JSON.parse(call.body) as WireBody
  return {
    model: /\/models\/([^/:?]+):/.exec(call.path)?.[1],
    stream: wantsStream(call),
    maxTokens: body.generationConfig?.maxOutputTokens,
    toolNames: (body.tools ?? []).flatMap((tool) => (tool.functionDeclarations ?? []).map((declaration) => declaration.name)),
    messages: (body.contents ?? []).map((content) => ({ role: content.role === 'model' ? 'assistant' : 'user', parts: readParts(content.parts ?? []) })),
  }
}

/** generateContent, or streamGenerateContent as SSE: the bridge never asks for the JSON-array form. */
function isChatCall(call: UpstreamCall): boolean {
  const [path, query = ''] = call.path.split('?')
  const params = new URLSearchParams(query)
  if (params.has('key')) return false
  if (path?.endsWith(':generateContent')) return !params.has('alt')
  return path?.endsWith(':streamGenerateContent') === true && params.get('alt') === 'sse'
}

export const geminiMock: UpstreamMock = {
  protocol: 'gemini',
  cacheWrites: false,
  upstreamModel: 'gemini-2.5-flash',
  target: (origin, key) => ({ protocol: 'gemini', baseUrl: origin, auth: { type: 'x-api-key', token: key } }),
  acceptsCall: (call, key) => call.method === 'POST' && call.path.startsWith('/v1beta/models/gemini-2.5-flash:') && isChatCall(call) && call.headers['x-goog-api-key'] === key,
  answer: (answer, call) =>
    wantsStream(call) ? { status: 200, headers: { 'content-type': 'text/event-stream' }, events: chunks(answer) } : json(200, whole(answer)),
  brokenAnswer: (answer, call) =>
    wantsStream(call)
      ? cutStreamReply(chunks(answer), (event) => /"text":"[^"]/.test(event) && !event.includes('"thought":true'), { 'content-type': 'text/event-stream' })
      : cutJsonReply(JSON.stringify(whole(answer))),
  failure: (failure) => FAILURES[failure],
  read,
}
