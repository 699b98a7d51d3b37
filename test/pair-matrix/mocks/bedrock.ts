/**
 * A Bedrock Runtime upstream for the pair matrix: Converse answers as the documented JSON,
 * ConverseStream answers as real AWS event-stream frames (no start event for text and reasoning
 * blocks, usage only in the `metadata` event after `messageStop`, a `p` padding field on every
 * payload), errors as HTTP answers with `{"message"}` and the exception name in
 * `x-amzn-errortype`, or inside a stream as an exception frame (streamException). Every call's SigV4 signature is recomputed with the official AWS signer
 * (@smithy/signature-v4) from what arrived, so a call the bridge signed wrongly is not accepted.
 * @see ../../../../shared/protocols/bedrock-converse.md §1, §2.1, §4, §5, §7
 */
import { createHash, createHmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import { encodeEventStreamMessage } from '../../../src/core/framing/aws-event-stream.ts'
import type { FaultReply } from '../../support/fault-upstream.ts'
import type { ScriptedAnswer, SeenPart, SeenRequest, UpstreamCall, UpstreamFailure, UpstreamMock } from '../contract.ts'
import { cutJsonReply, cutStreamReply } from './break-reply.ts'

const REGION = 'us-east-1'
const ACCESS_KEY_ID = 'AKIAPAIRMATRIXEXAMPLE'
const EVENT_STREAM = 'application/vnd.amazon.eventstream'
const STOP_REASON = { stop: 'end_turn', length: 'max_tokens', 'tool-calls': 'tool_use' } as const
const OPERATION = /^\/model\/([^/]+)\/(converse|converse-stream)$/

type Block = Record<string, unknown>

function contentOf(answer: ScriptedAnswer): Block[] {
  const blocks: Block[] = []
  if (answer.reasoning) blocks.push({ reasoningContent: { reasoningText: { text: answer.reasoning.text, signature: answer.reasoning.token } } })
  if (answer.text !== undefined) blocks.push({ text: answer.text })
  for (const call of answer.toolCalls ?? []) blocks.push({ toolUse: { toolUseId: call.id, name: call.name, input: call.args } })
  return blocks
}

/** Bedrock's inputTokens excludes the cache reads and writes beside it; totalTokens counts all (bedrock-nova-cache-read.json). */
function usageOf(answer: ScriptedAnswer): Record<string, number> {
  const { input, output, cacheRead, cacheWrite } = answer.usage
  const usage: Record<string, number> = { inputTokens: input - (cacheRead ?? 0) - (cacheWrite ?? 0), outputTokens: output, totalTokens: input + output }
  if (cacheRead !== undefined) usage.cacheReadInputTokens = cacheRead
  if (cacheWrite !== undefined) usage.cacheWriteInputTokens = cacheWrite
  return usage
}

function converseAnswer(answer: ScriptedAnswer): Record<string, unknown> {
  return {
    output: { message: { role: 'assistant', content: contentOf(answer) } },
    stopReason: STOP_REASON[answer.finish],
    usage: usageOf(answer),
    metrics: { latencyMs: 412 },
  }
}

const encoder = new TextEncoder()
let padding = 0

/** One event frame; the payload carries the length-hiding `p` field Bedrock adds. */
function frame(eventType: string, payload: Record<string, unknown>): Uint8Array {
  const p = 'abcdefghijklmnopqrstuvwxyz'.slice(0, 1 + (padding++ % 26))
  return encodeEventStreamMessage({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, encoder.encode(JSON.stringify({ ...payload, p })))
}

function pieces(text: string, size: number): string[] {
  const out: string[] = []
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size))
  return out
}

type Frame = { bytes: Uint8Array; isText: boolean }

function streamFrames(answer: ScriptedAnswer): Frame[] {
  const out: Frame[] = [{ bytes: frame('messageStart', { role: 'assistant' }), isText: false }]
  const add = (eventType: string, payload: Record<string, unknown>, isText = false): void => void out.push({ bytes: frame(eventType, payload), isText })
  let index = 0
  if (answer.reasoning) {
    for (const part of pieces(answer.reasoning.text, 9)) add('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { text: part } } })
    add('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { signature: answer.reasoning.token } } })
    add('contentBlockStop', { contentBlockIndex: index++ })
  }
  if (answer.text !== undefined) {
    for (const part of pieces(answer.text, 6)) add('contentBlockDelta', { contentBlockIndex: index, delta: { text: part } }, true)
    add('contentBlockStop', { contentBlockIndex: index++ })
  }
  for (const call of answer.toolCalls ?? []) {
    add('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: call.id, name: call.name } } })
    for (const part of pieces(JSON.stringify(call.args), 7)) add('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: part } } })
    add('contentBlockStop', { contentBlockIndex: index++ })
  }
  add('messageStop', { stopReason: STOP_REASON[answer.finish] })
  add('metadata', { usage: usageOf(answer), metrics: { latencyMs: 380 } })
  return out
}

const isStreamCall = (call: UpstreamCall): boolean => call.path.split('?')[0]!.endsWith('/converse-stream')

function answer(said: ScriptedAnswer, call: UpstreamCall): FaultReply {
  if (!isStreamCall(call)) return json(200, converseAnswer(said))
  return { status: 200, headers: { 'content-type': EVENT_STREAM }, events: streamFrames(said).map((item) => item.bytes) }
}

function brokenAnswer(said: ScriptedAnswer, call: UpstreamCall): FaultReply {
  if (!isStreamCall(call)) return cutJsonReply(JSON.stringify(converseAnswer(said)))
  const frames = streamFrames(said)
  const firstText = frames.findIndex((item) => item.isText)
  const events = frames.map((item) => item.bytes)
  return cutStreamReply(events, (event) => event === events[firstText], { 'content-type': EVENT_STREAM })
}

/**
 * A ConverseStream that fails after its first text: the rest is one exception frame
 * (`:message-type` exception, `:exception-type` e.g. throttlingException, payload {message}).
 */
export function streamException(said: ScriptedAnswer, exceptionType: string, message: string): FaultReply {
  const frames = streamFrames(said)
  const firstText = frames.findIndex((item) => item.isText)
  const exception = encodeEventStreamMessage(
    { ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' },
    encoder.encode(JSON.stringify({ message })),
  )
  return { status: 200, headers: { 'content-type': EVENT_STREAM }, events: [...frames.slice(0, firstText + 1).map((item) => item.bytes), exception] }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): FaultReply {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': '5f4d6c1e-pair-matrix', ...headers }, body: JSON.stringify(body) }
}

/** An HTTP error: the body names only the message; the exception is the x-amzn-errortype header. */
function exception(status: number, name: string, message: string): FaultReply {
  return json(status, { message }, { 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/` })
}

const FAILURES: Record<UpstreamFailure, FaultReply> = {
  // Claude on Bedrock keeps Anthropic's wording inside a ValidationException.
  'context-overflow': exception(400, 'ValidationException', 'prompt is too long: 210012 tokens > 200000 maximum'),
  // AWS answers bad credentials with 403, never 401.
  auth: exception(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'),
  // Bedrock sends no Retry-After and no rate-limit headers.
  'rate-limit': exception(429, 'ThrottlingException', 'Too many requests, please wait before trying again.'),
  'server-error': exception(500, 'InternalServerException', 'The system encountered an unexpected error during processing. Try your request again.'),
}

// ---------------------------------------------------------------- SigV4, checked with the AWS signer

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** The hash class the smithy signer asks for, from node:crypto. */
class NodeSha256 {
  private readonly hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
  reset(): void {}
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/

/** `20250115T120000Z` → the Date it names. */
function parseAmzDate(value: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (match === null) return new Date(Number.NaN)
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[]
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!))
}

/**
 * Whether the call carries a valid SigV4 signature for `secret`: signing name `bedrock`, the
 * region of the URL's auth, the body hash it claims, and the signature the AWS signer computes
 * over the signed headers and the path as received (which it double-encodes, as AWS does).
 */
export async function hasValidSignature(call: UpstreamCall, secret: string): Promise<boolean> {
  const parsed = AUTHORIZATION.exec(call.headers.authorization ?? '')
  if (parsed === null) return false
  const [, accessKeyId, day, region, service, signedList] = parsed
  const amzDate = call.headers['x-amz-date'] ?? ''
  if (accessKeyId !== ACCESS_KEY_ID || region !== REGION || service !== 'bedrock' || !amzDate.startsWith(day!)) return false
  if (call.headers['x-amz-content-sha256'] !== createHash('sha256').update(call.body).digest('hex')) return false
  const signedNames = signedList!.split(';')
  if (!signedNames.includes('host') || !signedNames.includes('x-amz-date')) return false
  const headers: Record<string, string> = {}
  for (const name of signedNames) headers[name] = call.headers[name] ?? ''
  const [path = '', query = ''] = call.path.split('?', 2)
  const signer = new SignatureV4({ credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: secret }, region: REGION, service: 'bedrock', sha256: NodeSha256 })
  const signed = await signer.sign(
    { method: call.method, protocol: 'http:', hostname: (call.headers.host ?? '').split(':')[0] ?? '', path, query: Object.fromEntries(new URLSearchParams(query)), headers, body: call.body },
    { signingDate: parseAmzDate(amzDate) },
  )
  return signed.headers.authorization === call.headers.authorization
}

// ---------------------------------------------------------------- what the upstream received

type WireBlock = {
  text?: string
  image?: { format?: string; source?: { bytes?: string } }
  toolUse?: { toolUseId?: string; name?: string; input?: unknown }
  toolResult?: { toolUseId?: string; content?: Array<{ text?: string; json?: unknown }> }
  reasoningContent?: { reasoningText?: { text?: string; signature?: string }; redactedContent?: string }
}
type WireBody = {
  inferenceConfig?: { maxTokens?: number }
  toolConfig?: { tools?: Array<{ toolSpec?: { name?: string } }> }
  messages?: Array<{ role: 'user' | 'assistant'; content: WireBlock[] }>
}

function readBlock(block: WireBlock): SeenPart | undefined {
  if (block.text !== undefined) return { type: 'text', text: block.text }
  if (block.image) return { type: 'image', mediaType: `image/${block.image.format ?? ''}`, base64: block.image.source?.bytes ?? '' }
  if (block.toolUse) return { type: 'tool-call', id: block.toolUse.toolUseId ?? '', name: block.toolUse.name ?? '', args: block.toolUse.input }
  if (block.toolResult) {
    const text = (block.toolResult.content ?? []).map((inner) => inner.text ?? JSON.stringify(inner.json)).join('')
    return { type: 'tool-result', callId: block.toolResult.toolUseId ?? '', text }
  }
  const reasoning = block.reasoningContent
  if (reasoning?.reasoningText) {
    const { text = '', signature } = reasoning.reasoningText
    return { type: 'reasoning', text, tokens: signature ? [signature] : [] }
  }
  if (reasoning?.redactedContent !== undefined) return { type: 'reasoning', text: '', tokens: [reasoning.redactedContent] }
  return undefined
}

function modelInPath(call: UpstreamCall): string | undefined {
  const segment = OPERATION.exec(call.path.split('?')[0] ?? '')?.[1]
  return segment === undefined ? undefined : decodeURIComponent(segment)
}

function read(call: UpstreamCall): SeenRequest {
  const body = JSON.parse(call.body) as WireBody
  return {
    model: modelInPath(call),
    stream: isStreamCall(call),
    maxTokens: body.inferenceConfig?.maxTokens,
    toolNames: (body.toolConfig?.tools ?? []).flatMap((tool) => (tool.toolSpec?.name === undefined ? [] : [tool.toolSpec.name])),
    messages: (body.messages ?? []).map((message) => ({ role: message.role, parts: message.content.flatMap((block) => readBlock(block) ?? []) })),
  }
}

export const bedrockMock: UpstreamMock = {
  protocol: 'bedrock',
  // A cross-region inference profile id: its `:` must travel percent-encoded and be signed double-encoded.
  upstreamModel: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  target: (origin, key) => ({ protocol: 'bedrock', baseUrl: origin, auth: { type: 'aws', accessKeyId: ACCESS_KEY_ID, secretAccessKey: key, region: REGION } }),
  acceptsCall: async (call, key) =>
    call.method === 'POST' && OPERATION.test(call.path.split('?')[0] ?? '') && call.path.includes('%3A') && (await hasValidSignature(call, key)),
  answer,
  brokenAnswer,
  failure: (failure) => FAILURES[failure],
  read,
}
