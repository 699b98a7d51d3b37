/** The upstream mock of every protocol in the pair matrix: a protocol's row as a target. */
import type { ProtocolId } from '../../../src/core/model/protocol-id.ts'
import type { UpstreamMock } from '../contract.ts'
import { geminiMock } from './gemini.ts'
import { anthropicMock } from './anthropic.ts'
import { bedrockMock } from './bedrock.ts'
import { openaiMock } from './openai.ts'
import { openaiResponsesMock } from './openai-responses.ts'

export const UPSTREAM_MOCKS: Partial<Record<ProtocolId, UpstreamMock>> = {
  anthropic: anthropicMock,
  bedrock: bedrockMock,
  openai: openaiMock,
  'openai-responses': openaiResponsesMock,
  gemini: geminiMock,
}
