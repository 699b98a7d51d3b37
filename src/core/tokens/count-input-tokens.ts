/**
 * The local count of a request's input tokens for its upstream model: OpenAI's own tokenizer for
 * that family (the count of the texts is then exact, within a time budget: budgeted-counter.ts;
 * only the template overheads and images are estimated), otherwise the cheap estimate corrected
 * by the model's calibration.
 */
import type { ChatRequest } from '../model/index.ts'
import type { TokenCalibration } from './calibrate-tokens.ts'
import { countRequestTokens, estimateInputTokens } from './estimate-tokens.ts'
import { budgetedCounter } from './budgeted-counter.ts'
import { loadOpenaiTokenizer, openaiEncodingOf } from './openai-tokenizer.ts'

export type LocalTokenCount = {
  inputTokens: number
  /** How it was counted: a tokenizer's name, or 'estimate' (with the calibration factor applied). */
  method: string
  factor?: number
}

export async function countInputTokens(request: ChatRequest, upstreamModel: string, calibration: TokenCalibration): Promise<LocalTokenCount> {
  const encoding = openaiEncodingOf(upstreamModel)
  if (encoding !== undefined) {
    const counter = budgetedCounter(await loadOpenaiTokenizer(encoding))
    const inputTokens = countRequestTokens(request, counter.count)
    return { inputTokens, method: counter.estimated() ? `${encoding}+estimate` : encoding }
  }
  return { inputTokens: calibration.apply(upstreamModel, estimateInputTokens(request)), method: 'estimate', factor: calibration.factor(upstreamModel) }
}

/** Whether chat requests to this model teach the calibration (models with a tokenizer need none). */
export function isCalibrated(upstreamModel: string): boolean {
  return openaiEncodingOf(upstreamModel) === undefined
}
