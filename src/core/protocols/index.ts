/** ProtocolId → codec: the one line to add a protocol. */
import type { ProtocolId } from '../model/index.ts'
import { anthropicCodec } from './anthropic/index.ts'
import { bedrockCodec } from './bedrock/index.ts'
import type { ProtocolCodec } from './codec.ts'
import { geminiCodec } from './gemini/index.ts'
import { openaiCodec } from './openai/index.ts'
import { openaiResponsesCodec } from './openai-responses/index.ts'

const codecs: Partial<Record<ProtocolId, ProtocolCodec>> = {
  anthropic: anthropicCodec,
  bedrock: bedrockCodec,
  openai: openaiCodec,
  'openai-responses': openaiResponsesCodec,
  gemini: geminiCodec,
}

/** undefined while a protocol has no codec yet: the router answers UNSUPPORTED_ENDPOINT. */
export function findCodec(protocol: ProtocolId): ProtocolCodec | undefined {
  return codecs[protocol]
}
