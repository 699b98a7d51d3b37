/** A complete (non-streaming) answer: what collect-stream builds from a StreamEvent sequence. */
import type { AssistantPart } from './content.ts'
import type { FinishReason } from './finish-reason.ts'
import type { Usage } from './usage.ts'

export type ChatResponse = {
  id: string
  model: string
  content: AssistantPart[]
  finishReason: FinishReason
  usage?: Usage
  /** Unix seconds, when the upstream says. */
  created?: number
}
