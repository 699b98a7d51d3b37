/** The official-SDK client of every protocol in the pair matrix: a protocol's column as a source. */
import type { ProtocolId } from '../../../src/core/model/protocol-id.ts'
import type { ProtocolClient } from '../contract.ts'
import { geminiClient } from './gemini.ts'
import { anthropicClient } from './anthropic.ts'
import { bedrockClient } from './bedrock.ts'
import { openaiClient } from './openai.ts'
import { openaiResponsesClient } from './openai-responses.ts'

export const PROTOCOL_CLIENTS: Partial<Record<ProtocolId, ProtocolClient>> = {
  anthropic: anthropicClient,
  bedrock: bedrockClient,
  openai: openaiClient,
  'openai-responses': openaiResponsesClient,
  gemini: geminiClient,
}
