/**
 * Gemini generateContent answers for the bench mock (test/pair-matrix/mocks/gemini.ts): one
 * GenerateContentResponse per SSE chunk with Google's CRLF separators, each carrying one text
 * part and usageMetadata as a running total; the last of the `events` chunks carries STOP and
 * the full usage.
 * @see ../../../shared/protocols/gemini.md §2, §4
 */
import { text, type Knobs } from './mock-knobs.ts'

function answer(model: string, content: string, final: boolean, outputTokens: number): Record<string, unknown> {
  const candidate: Record<string, unknown> = { content: { parts: [{ text: content }], role: 'model' }, index: 0 }
  if (final) candidate.finishReason = 'STOP'
  const usageMetadata = final
    ? { promptTokenCount: 12, candidatesTokenCount: outputTokens, totalTokenCount: 12 + outputTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }] }
    : { promptTokenCount: 12, totalTokenCount: 12, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }] }
  return { candidates: [candidate], usageMetadata, modelVersion: model, responseId: 'bench-gemini' }
}

export function geminiJson(model: string, knobs: Knobs): unknown {
  return answer(model, text(knobs.responseBytes), true, Math.ceil(knobs.responseBytes / 4))
}

export function* geminiEvents(model: string, knobs: Knobs): Generator<string> {
  const delta = text(knobs.deltaChars)
  for (let i = 0; i < knobs.events; i++) {
    yield `data: ${JSON.stringify(answer(model, delta, i === knobs.events - 1, knobs.events))}\r\n\r\n`
  }
}

/** The model named in `/v1beta/models/{model}:generateContent`. */
export function geminiPathModel(pathname: string): string | undefined {
  const match = /\/models\/([^/:]+):/.exec(pathname)
  return match ? decodeURIComponent(match[1]!) : undefined
}
