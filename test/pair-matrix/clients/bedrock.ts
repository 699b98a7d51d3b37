/**
 * The official @aws-sdk/client-bedrock-runtime as a pair-matrix client: ConverseCommand and
 * ConverseStreamCommand against the proxy URL as the endpoint, with dummy credentials (the SDK
 * signs every request; the bridge does not check the signature) and the HTTP/1.1 NodeHttpHandler
 * (the SDK's default handler speaks HTTP/2, which an http:// bridge does not). An assistant turn
 * goes back as the SDK returned its content blocks, reasoning signatures included.
 * @see ../../../../shared/protocols/bedrock-converse.md §3, §4, §5
 */
import {
  BedrockRuntimeClient,
  BedrockRuntimeServiceException,
  ConverseCommand,
  ConverseStreamCommand,
  type ContentBlock,
  type ContentBlockDelta,
  type ConverseCommandInput,
  type ConverseStreamOutput,
  type Message,
  type TokenUsage,
} from '@aws-sdk/client-bedrock-runtime'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { CLIENT_KEY } from '../../support/e2e-bridge.ts'
import type { ClientAnswer, ClientError, ClientOutcome, ClientRequest, ClientTurn, ProtocolClient } from '../contract.ts'
import { brokenStream, errorCodeOf } from './classify-error.ts'
import { clientUsage, INCONSISTENT_TOTAL } from './cache-usage.ts'

const FINISH: Record<string, ClientAnswer['finish']> = { end_turn: 'stop', max_tokens: 'length', tool_use: 'tool-calls' }
const MODEL_ID = 'anthropic.claude-sonnet-4-5-20250929-v1:0'

function toMessage(turn: ClientTurn): Message {
  if (turn.role === 'assistant') return turn.answer.echo as Message
  const content = turn.parts.map((part): ContentBlock => {
    if (part.type === 'text') return { text: part.text }
    if (part.type === 'image') return { image: { format: 'png', source: { bytes: Buffer.from(part.base64, 'base64') } } }
    return { toolResult: { toolUseId: part.callId, content: [{ text: part.text }] } }
  })
  return { role: 'user', content }
}

function toInput(request: ClientRequest): ConverseCommandInput {
  const input: ConverseCommandInput = { modelId: MODEL_ID, messages: request.turns.map(toMessage), inferenceConfig: { maxTokens: request.maxTokens } }
  if (request.tools) {
    input.toolConfig = {
      tools: request.tools.map((tool) => ({ toolSpec: { name: tool.name, description: tool.description, inputSchema: { json: { type: 'object', ...tool.parameters } } } })),
    }
  }
  // Claude's extended thinking on Bedrock: a model-specific field beside the Converse body.
  if (request.reasoning) input.additionalModelRequestFields = { thinking: { type: 'enabled', budget_tokens: 1024 } }
  return input
}

function toAnswer(content: ContentBlock[], stopReason: string | undefined, usage: TokenUsage | undefined, grammarViolations: string[]): ClientAnswer {
  const answer: ClientAnswer = {
    text: '',
    toolCalls: [],
    reasoning: { text: '', tokens: [] },
    // Bedrock counts the cache beside inputTokens, as Anthropic does; totalTokens must agree.
    usage: usage === undefined || usage.totalTokens !== (usage.inputTokens ?? 0) + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0) + (usage.outputTokens ?? 0)
      ? INCONSISTENT_TOTAL
      : clientUsage((usage.inputTokens ?? 0) + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0), usage.outputTokens ?? -1, usage.cacheReadInputTokens, usage.cacheWriteInputTokens),
    finish: FINISH[stopReason ?? ''] ?? String(stopReason),
    echo: { role: 'assistant', content },
    grammarViolations,
  }
  for (const block of content) {
    if (block.text !== undefined) answer.text += block.text
    else if (block.toolUse) answer.toolCalls.push({ id: block.toolUse.toolUseId ?? '', name: block.toolUse.name ?? '', args: block.toolUse.input })
    else if (block.reasoningContent?.reasoningText) {
      answer.reasoning.text += block.reasoningContent.reasoningText.text ?? ''
      if (block.reasoningContent.reasoningText.signature) answer.reasoning.tokens.push(block.reasoningContent.reasoningText.signature)
    } else if (block.reasoningContent?.redactedContent) answer.reasoning.tokens.push(Buffer.from(block.reasoningContent.redactedContent).toString('base64'))
  }
  return answer
}

/** A content block being streamed, rebuilt into the block the SDK's Converse would return. */
type Building = { text?: string; reasoning?: { text: string; signature?: string }; tool?: { id: string; name: string; input: string } }

class Accumulator {
  readonly blocks = new Map<number, Building>()
  partialText = ''
  stopReason: string | undefined
  usage: TokenUsage | undefined
  readonly violations: string[] = []
  private readonly open = new Set<number>()
  private readonly closed = new Set<number>()
  private count = 0

  add(event: ConverseStreamOutput): void {
    const position = this.count++
    if ((position === 0) !== (event.messageStart !== undefined)) this.violations.push(`event ${position}: messageStart must come first, once`)
    if (this.usage !== undefined) this.violations.push(`event ${position}: an event after metadata`)
    if (event.contentBlockStart) this.block(event.contentBlockStart.contentBlockIndex ?? -1).tool = { id: event.contentBlockStart.start?.toolUse?.toolUseId ?? '', name: event.contentBlockStart.start?.toolUse?.name ?? '', input: '' }
    if (event.contentBlockDelta?.delta) this.delta(event.contentBlockDelta.contentBlockIndex ?? -1, event.contentBlockDelta.delta)
    if (event.contentBlockStop) this.stop(event.contentBlockStop.contentBlockIndex ?? -1)
    if (event.messageStop) {
      if (this.open.size > 0) this.violations.push('messageStop while a content block is open')
      this.stopReason = event.messageStop.stopReason
    }
    if (event.metadata) {
      if (this.stopReason === undefined) this.violations.push('metadata before messageStop')
      this.usage = event.metadata.usage
    }
  }

  private block(index: number): Building {
    if (this.closed.has(index)) this.violations.push(`block ${index} used after its contentBlockStop`)
    this.open.add(index)
    let building = this.blocks.get(index)
    if (building === undefined) this.blocks.set(index, (building = {}))
    return building
  }

  private delta(index: number, delta: ContentBlockDelta): void {
    const building = this.block(index)
    if (delta.text !== undefined) {
      building.text = (building.text ?? '') + delta.text
      this.partialText += delta.text
    }
    if (delta.toolUse) {
      if (building.tool === undefined) this.violations.push(`block ${index}: tool input without contentBlockStart`)
      else building.tool.input += delta.toolUse.input ?? ''
    }
    if (delta.reasoningContent) {
      const reasoning = (building.reasoning ??= { text: '' })
      reasoning.text += delta.reasoningContent.text ?? ''
      if (delta.reasoningContent.signature !== undefined) reasoning.signature = delta.reasoningContent.signature
    }
  }

  private stop(index: number): void {
    if (!this.open.delete(index)) this.violations.push(`contentBlockStop for block ${index}, which is not open`)
    this.closed.add(index)
  }

  content(): ContentBlock[] {
    return [...this.blocks.entries()].sort(([a], [b]) => a - b).map(([, building]): ContentBlock => {
      if (building.tool) return { toolUse: { toolUseId: building.tool.id, name: building.tool.name, input: JSON.parse(building.tool.input || '{}') } }
      if (building.reasoning) return { reasoningContent: { reasoningText: { text: building.reasoning.text, signature: building.reasoning.signature } } }
      return { text: building.text ?? '' }
    })
  }
}

function newClient(proxyUrl: string): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: proxyUrl,
    credentials: { accessKeyId: CLIENT_KEY, secretAccessKey: CLIENT_KEY },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  })
}

async function ask(proxyUrl: string, request: ClientRequest, streamed: boolean): Promise<ClientOutcome> {
  const client = newClient(proxyUrl)
  const seen = new Accumulator()
  let started = false
  try {
    if (!streamed) {
      const output = await client.send(new ConverseCommand(toInput(request)))
      return { ok: true, status: 200, answer: toAnswer(output.output?.message?.content ?? [], output.stopReason, output.usage, []) }
    }
    const output = await client.send(new ConverseStreamCommand(toInput(request)))
    started = true
    for await (const event of output.stream ?? []) seen.add(event)
    if (seen.usage === undefined) seen.violations.push('the stream ended without metadata')
    return { ok: true, status: 200, answer: toAnswer(seen.content(), seen.stopReason, seen.usage, seen.violations) }
  } catch (error) {
    // After the answer began, the status is long sent: an in-stream exception or a cut stream.
    if (started || !(error instanceof BedrockRuntimeServiceException)) return { ok: false, error: brokenStream(error, seen.partialText, seen.stopReason !== undefined) }
    return { ok: false, error: typedError(error) }
  } finally {
    client.destroy()
  }
}

/** By the exception the SDK raised (from x-amzn-errortype), which is what an application catches. */
function typedError(error: BedrockRuntimeServiceException): ClientError {
  const status = error.$metadata.httpStatusCode ?? 0
  const overflow = error.name === 'ValidationException' && /too long/i.test(error.message)
  return { status, kind: overflow ? 'context-overflow' : kindOf(error.name), errorCode: errorCodeOf(error), message: error.message, partialText: '', sawCompletion: false }
}

function kindOf(name: string): ClientError['kind'] {
  if (name === 'UnrecognizedClientException') return 'auth'
  if (name === 'ThrottlingException') return 'rate-limit'
  if (name === 'InternalServerException' || name === 'ServiceUnavailableException') return 'server'
  return 'other'
}

// AWS answers bad credentials with 403 UnrecognizedClientException.
export const bedrockClient: ProtocolClient = { protocol: 'bedrock', authStatus: 403, ask }
