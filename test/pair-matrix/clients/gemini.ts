/**
 * The official @google/genai SDK as a pair-matrix client: models.generateContent, or
 * models.generateContentStream (`:streamGenerateContent?alt=sse`) with its chunks accumulated
 * here, pointed at the proxy with `httpOptions.baseUrl` and `apiVersion: 'v1beta'` (what Gemini
 * CLI uses). An assistant turn goes back as Gemini CLI sends it: the model content's parts as
 * received, thoughtSignatures on the parts that carried them; a tool result is a
 * functionResponse naming its call's id and name.
 * @see ../../../../shared/protocols/gemini.md §4, §8
 */
import { ApiError, GoogleGenAI, type Content, type GenerateContentConfig, type GenerateContentResponse, type Part } from '@google/genai'
import { CLIENT_KEY } from '../../support/e2e-bridge.ts'
import type { ClientAnswer, ClientError, ClientOutcome, ClientRequest, ClientTurn, ProtocolClient } from '../contract.ts'
import { brokenStream, errorCodeOf } from './classify-error.ts'
import { clientUsage, withTotal } from './cache-usage.ts'

const MODEL = 'gemini-2.5-pro'

function toContents(turns: ClientTurn[]): Content[] {
  const names = new Map<string, string>()
  return turns.map((turn): Content => {
    if (turn.role === 'assistant') {
      for (const call of turn.answer.toolCalls) names.set(call.id, call.name)
      return turn.answer.echo as Content
    }
    const parts = turn.parts.map((part): Part => {
      if (part.type === 'text') return { text: part.text }
      if (part.type === 'image') return { inlineData: { mimeType: part.mediaType, data: part.base64 } }
      return { functionResponse: { id: part.callId, name: names.get(part.callId) ?? 'unknown', response: { output: part.text } } }
    })
    return { role: 'user', parts }
  })
}

function toConfig(request: ClientRequest): GenerateContentConfig {
  const config: GenerateContentConfig = { maxOutputTokens: request.maxTokens }
  if (request.tools) {
    config.tools = [{ functionDeclarations: request.tools.map((tool) => ({ name: tool.name, description: tool.description, parametersJsonSchema: { type: 'object', ...tool.parameters } })) }]
  }
  if (request.reasoning) config.thinkingConfig = { includeThoughts: true, thinkingBudget: 1024 }
  return config
}

type Accumulated = { parts: Part[]; finish: string; usage: GenerateContentResponse['usageMetadata'] }

function addResponse(seen: Accumulated, response: GenerateContentResponse): void {
  const candidate = response.candidates?.[0]
  seen.parts.push(...(candidate?.content?.parts ?? []))
  if (candidate?.finishReason) seen.finish = candidate.finishReason
  if (response.usageMetadata) seen.usage = response.usageMetadata
}

const textOf = (parts: Part[], thought: boolean): string => parts.filter((part) => (part.thought === true) === thought).map((part) => part.text ?? '').join('')

function toAnswer(seen: Accumulated, grammarViolations: string[]): ClientAnswer {
  const calls = seen.parts.flatMap((part) => (part.functionCall ? [part.functionCall] : []))
  const finish = seen.finish === 'MAX_TOKENS' ? 'length' : seen.finish === 'STOP' ? (calls.length > 0 ? 'tool-calls' : 'stop') : seen.finish
  return {
    text: textOf(seen.parts, false),
    toolCalls: calls.map((call) => ({ id: call.id ?? '', name: call.name ?? '', args: call.args ?? {} })),
    reasoning: { text: textOf(seen.parts, true), tokens: seen.parts.flatMap((part) => (part.thoughtSignature ? [part.thoughtSignature] : [])) },
    // Gemini counts cache hits inside promptTokenCount; it has no cache-write count.
    usage: withTotal(
      clientUsage(seen.usage?.promptTokenCount ?? -1, (seen.usage?.candidatesTokenCount ?? 0) + (seen.usage?.thoughtsTokenCount ?? 0), seen.usage?.cachedContentTokenCount, undefined),
      seen.usage?.totalTokenCount, (seen.usage?.promptTokenCount ?? 0) + (seen.usage?.candidatesTokenCount ?? 0) + (seen.usage?.thoughtsTokenCount ?? 0),
    ),
    finish,
    echo: { role: 'model', parts: seen.parts } satisfies Content,
    grammarViolations,
  }
}

/** What a Gemini stream promises: every chunk is a response, and the finish comes on the last one only. */
function grammarViolations(chunks: GenerateContentResponse[]): string[] {
  const violations: string[] = []
  const finishes = chunks.flatMap((chunk, index) => (chunk.candidates?.[0]?.finishReason ? [index] : []))
  if (finishes.length === 0) violations.push('no chunk carries a finishReason')
  else if (finishes.at(-1) !== chunks.length - 1) violations.push('chunks follow the finish')
  if (chunks.some((chunk) => chunk.candidates === undefined && chunk.usageMetadata === undefined)) violations.push('a chunk with neither candidates nor usage')
  return violations
}

async function ask(proxyUrl: string, request: ClientRequest, streamed: boolean): Promise<ClientOutcome> {
  const ai = new GoogleGenAI({ apiKey: CLIENT_KEY, httpOptions: { baseUrl: proxyUrl, apiVersion: 'v1beta', retryOptions: { attempts: 1 } } })
  const params = { model: MODEL, contents: toContents(request.turns), config: toConfig(request) }
  const seen: Accumulated = { parts: [], finish: '', usage: undefined }
  let started = false
  try {
    if (!streamed) {
      addResponse(seen, await ai.models.generateContent(params))
      return { ok: true, status: 200, answer: toAnswer(seen, []) }
    }
    const stream = await ai.models.generateContentStream(params)
    started = true
    const chunks: GenerateContentResponse[] = []
    for await (const chunk of stream) {
      chunks.push(chunk)
      addResponse(seen, chunk)
    }
    return { ok: true, status: 200, answer: toAnswer(seen, grammarViolations(chunks)) }
  } catch (error) {
    // An error chunk inside a 200 stream is raised as ApiError too: the stream had begun.
    if (started || !(error instanceof ApiError)) return { ok: false, error: brokenStream(error, textOf(seen.parts, false), seen.finish !== '') }
    const body = parseBody(error.message)
    const message = readMessage(body) ?? error.message
    return { ok: false, error: { status: error.status, kind: kindOf(error.status, message), errorCode: errorCodeOf(body), message, partialText: '', sawCompletion: false } }
  }
}

/** The SDK puts the whole error body, as JSON, in the message. */
function parseBody(message: string): unknown {
  try {
    return JSON.parse(message) as unknown
  } catch {
    return undefined
  }
}

function readMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined
  const inner = body.error
  return typeof inner === 'object' && inner !== null && 'message' in inner && typeof inner.message === 'string' ? inner.message : undefined
}

/** By status and Gemini's own context-length wording: what Gemini CLI reads to compress its history. */
function kindOf(status: number, message: string): ClientError['kind'] {
  if (status === 400 && /exceeds the maximum number of tokens|input token count/i.test(message)) return 'context-overflow'
  if (status === 401 || status === 403) return 'auth'
  if (status === 429) return 'rate-limit'
  if (status >= 500) return 'server'
  return 'other'
}

export const geminiClient: ProtocolClient = { protocol: 'gemini', cacheWrites: false, ask }
