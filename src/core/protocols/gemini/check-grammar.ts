/**
 * The grammar of a Gemini SSE stream as the bridge sends it to a client: every chunk a
 * GenerateContentResponse with the same responseId and modelVersion and one candidate (index 0)
 * whose parts each hold one kind of data; a functionCall has a name and an args object; exactly
 * one chunk carries a finishReason from Gemini's set and nothing follows it. An
 * `{"error":{code,message,status}}` chunk with a numeric 4xx/5xx code (what @google/genai checks)
 * ends the stream at any point. A stream that ends with neither is cut.
 * @see ../../../../../shared/protocols/gemini.md §8
 */
import { type GrammarCheck, parseJsonObject, type SseFrame } from '../../stream/grammar-check.ts'
import { arrayOrEmpty, isObject, type JsonObject } from './read-json.ts'

const FINISH_REASONS = new Set([
  'STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'LANGUAGE', 'OTHER', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII',
  'MALFORMED_FUNCTION_CALL', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_OTHER', 'NO_IMAGE', 'IMAGE_RECITATION',
  'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS',
])
const DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult']

export class GeminiGrammarCheck implements GrammarCheck {
  readonly violations: string[] = []
  private position = 0
  private identity: { id: unknown; model: unknown } | undefined
  private terminal: 'finishReason' | 'error' | undefined

  push(frame: SseFrame): void {
    const at = this.position++
    const problem = (text: string): void => {
      this.violations.push(`frame ${at}: ${text}`)
    }
    const chunk = parseJsonObject(frame.data.trim())
    if (this.terminal !== undefined) problem(`after the ${this.terminal}`)
    if (frame.event !== undefined) problem(`an event name (${frame.event}); Gemini streams have none`)
    if (chunk === undefined) return problem('data is not a JSON object')
    if (chunk.error !== undefined) return this.error(chunk.error, problem)
    this.response(chunk, problem)
  }

  end(): readonly string[] {
    if (this.terminal === undefined) this.violations.push('stream ended without a finishReason or an error')
    return this.violations
  }

  private error(error: unknown, problem: (text: string) => void): void {
    this.terminal = 'error'
    if (!isObject(error) || typeof error.code !== 'number' || error.code < 400 || error.code >= 600) problem('error without a 4xx/5xx numeric code')
    else if (typeof error.message !== 'string' || typeof error.status !== 'string') problem('error without message and status')
  }

  private response(chunk: JsonObject, problem: (text: string) => void): void {
    if (this.identity === undefined) this.identity = { id: chunk.responseId, model: chunk.modelVersion }
    else if (chunk.responseId !== this.identity.id || chunk.modelVersion !== this.identity.model) problem('responseId or modelVersion changed')
    const candidates = arrayOrEmpty(chunk.candidates)
    if (candidates.length !== 1) return problem(`${candidates.length} candidates; the bridge sends one`)
    const candidate = isObject(candidates[0]) ? candidates[0] : {}
    if (candidate.index !== 0) problem('candidate index is not 0')
    const content = isObject(candidate.content) ? candidate.content : undefined
    if (content === undefined || content.role !== 'model' || !Array.isArray(content.parts)) problem('content is not a model content with parts')
    arrayOrEmpty(content?.parts).forEach((part, index) => checkPart(part, `part ${index}`, problem))
    if (candidate.finishReason === undefined) return
    if (typeof candidate.finishReason !== 'string' || !FINISH_REASONS.has(candidate.finishReason)) problem(`finishReason ${String(candidate.finishReason)}`)
    this.terminal = 'finishReason'
  }
}

function checkPart(part: unknown, where: string, problem: (text: string) => void): void {
  if (!isObject(part)) return problem(`${where} is not an object`)
  const fields = DATA_FIELDS.filter((field) => part[field] !== undefined)
  if (fields.length !== 1) return problem(`${where} holds ${fields.length} data fields`)
  if (part.thoughtSignature !== undefined && typeof part.thoughtSignature !== 'string') problem(`${where} thoughtSignature is not a string`)
  const call = part.functionCall
  if (call === undefined) return
  if (!isObject(call) || typeof call.name !== 'string' || call.name === '' || !isObject(call.args)) problem(`${where} functionCall needs a name and an args object`)
}
