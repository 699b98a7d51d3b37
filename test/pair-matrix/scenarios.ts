/**
 * The pair-matrix scenarios, written once for every (source, target) pair: each scripts the
 * target's mock in canonical terms, asks through the source's client, and compares what the
 * client accumulated with what the upstream said (and what the upstream received with what the
 * client sent). The harness adds what every case must show: one log row per request with the
 * pair and the status the client saw, and only authentic upstream calls.
 */
import { expect } from 'bun:test'
import type { FaultReply } from '../support/fault-upstream.ts'
import type { ClientAnswer, ClientError, ClientOutcome, ClientRequest, ScriptedAnswer, SeenPart, SeenRequest, ToolSpec, UpstreamCall, UpstreamMock } from './contract.ts'
import type { ProtocolId } from '../../src/core/model/protocol-id.ts'
import type { RequestLogRow } from '../../src/log/index.ts'

export type CaseContext = {
  source: ProtocolId
  target: ProtocolId
  mode: 'passthrough' | 'translated'
  streamed: boolean
  mock: UpstreamMock
  /** The status the client's protocol gives bad credentials (ProtocolClient.authStatus). */
  authStatus: number
  /** Whether the client's protocol has a prompt-cache write count (ProtocolClient.cacheWrites). */
  clientCacheWrites: boolean
  /** The upstream's replies for this case, one per call; the last one repeats. */
  script: (...replies: Array<(call: UpstreamCall) => FaultReply>) => void
  /** What the upstream received in this case, read by its mock. */
  seen: () => SeenRequest[]
  ask: (request: ClientRequest) => Promise<ClientOutcome>
  /** This case's log rows, oldest first, once `count` are written. */
  rows: (count: number) => Promise<RequestLogRow[]>
}

export type Scenario = {
  id: string
  /** Column header of the support table. */
  column: string
  title: string
  run: (context: CaseContext) => Promise<void>
}

/** The attempts every minted URL allows (its `retry.maxAttempts`). */
export const MAX_ATTEMPTS = 3

const WEATHER: ToolSpec = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city'] },
}
const TIME: ToolSpec = { name: 'get_time', description: 'Local time in a city', parameters: { properties: { city: { type: 'string' } }, required: ['city'] } }

/** A 1×1 PNG. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='
/** Opaque to everyone but the upstream that made it (an Anthropic signature, OpenRouter details…). */
const UPSTREAM_TOKEN = 'EqQBCkYIBxgCKkDpairMatrixOpaqueReasoningToken0123456789abcdefQ=='

const question = (text: string): ClientRequest['turns'][number] => ({ role: 'user', parts: [{ type: 'text', text }] })

function answered(outcome: ClientOutcome): ClientAnswer {
  if (!outcome.ok) throw new Error(`expected an answer, the client got ${JSON.stringify(outcome.error)}`)
  return outcome.answer
}

function failed(outcome: ClientOutcome): ClientError {
  if (outcome.ok) throw new Error(`expected an error, the client got an answer: ${JSON.stringify({ ...outcome.answer, echo: undefined })}`)
  return outcome.error
}

/** The client's answer says what the upstream said: text, tool calls with parsed arguments, reasoning, usage, finish. */
function expectSameAnswer(answer: ClientAnswer, said: ScriptedAnswer): void {
  expect(answer.text).toBe(said.text ?? '')
  expect(answer.toolCalls).toEqual((said.toolCalls ?? []).map(({ id, name, args }) => ({ id, name, args })))
  expect(answer.reasoning.text).toBe(said.reasoning?.text ?? '')
  expect(answer.usage).toEqual(said.usage)
  expect(answer.finish).toBe(said.finish)
  expect(answer.grammarViolations).toEqual([])
}

function lastUserParts(request: SeenRequest | undefined): SeenPart[] {
  return request?.messages.findLast((message) => message.role === 'user')?.parts ?? []
}

/** One request whose upstream answers `said`; checks the client's view and the upstream's single call. */
async function answerOnce(context: CaseContext, said: ScriptedAnswer, request: ClientRequest): Promise<void> {
  context.script((call) => context.mock.answer(said, call))
  expectSameAnswer(answered(await context.ask(request)), said)
  expect(context.seen()).toHaveLength(1)
  expect(context.seen()[0]?.stream).toBe(context.streamed)
}

const TEXT: ScriptedAnswer = { text: 'Hello from the upstream, in two short sentences. That is all.', finish: 'stop', usage: { input: 11, output: 14 } }

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'text',
    column: 'text',
    title: 'text: the answer, its finish and usage arrive as the upstream said them',
    run: async (context) => {
      await answerOnce(context, TEXT, { maxTokens: 200, turns: [question('Say hello')] })
      expect(lastUserParts(context.seen()[0])).toEqual([{ type: 'text', text: 'Say hello' }])
    },
  },
  {
    id: 'max-tokens',
    column: 'max tokens',
    title: 'max tokens: a length stop reaches the client as its own length stop',
    run: async (context) => {
      await answerOnce(context, { text: 'Once upon a', finish: 'length', usage: { input: 12, output: 3 } }, { maxTokens: 3, turns: [question('Tell a story')] })
      // A translated request meets the target's minimum cap (a passed-through one goes as it came).
      const floor = context.mode === 'translated' ? (context.mock.minOutputTokens ?? 0) : 0
      expect(context.seen()[0]?.maxTokens).toBe(Math.max(3, floor))
    },
  },
  {
    id: 'tool-call',
    column: 'tool call',
    title: 'tool call: one call with its id, name and parsed arguments; the tool was offered upstream',
    run: async (context) => {
      const said: ScriptedAnswer = { toolCalls: [{ id: 'call_pm_weather_1', name: 'get_weather', args: { city: 'Paris', unit: 'celsius' } }], finish: 'tool-calls', usage: { input: 80, output: 20 } }
      await answerOnce(context, said, { maxTokens: 300, tools: [WEATHER], turns: [question('Weather in Paris?')] })
      expect(context.seen()[0]?.toolNames).toEqual(['get_weather'])
    },
  },
  {
    id: 'parallel-tools',
    column: 'parallel tools',
    title: 'parallel tools: every call arrives, in order, each with its own id and arguments',
    run: (context) =>
      answerOnce(context, {
        text: 'Checking both.',
        toolCalls: [
          { id: 'call_pm_weather_1', name: 'get_weather', args: { city: 'Tokyo' } },
          { id: 'call_pm_time_2', name: 'get_time', args: { city: 'Tokyo' } },
        ],
        finish: 'tool-calls',
        usage: { input: 95, output: 41 },
      }, { maxTokens: 300, tools: [WEATHER, TIME], turns: [question('Weather and time in Tokyo?')] }),
  },
  {
    id: 'tool-result',
    column: 'tool result',
    title: 'tool-result turn: the call comes back with its result, paired by the id the upstream gave',
    run: async (context) => {
      const call = { id: 'call_pm_weather_1', name: 'get_weather', args: { city: 'Paris' } }
      const done: ScriptedAnswer = { text: 'It is sunny in Paris.', finish: 'stop', usage: { input: 120, output: 7 } }
      context.script(
        (received) => context.mock.answer({ toolCalls: [call], finish: 'tool-calls', usage: { input: 80, output: 20 } }, received),
        (received) => context.mock.answer(done, received),
      )
      const ask = question('Weather in Paris?')
      const first = answered(await context.ask({ maxTokens: 300, tools: [WEATHER], turns: [ask] }))
      const callId = first.toolCalls[0]?.id ?? ''
      const second = await context.ask({
        maxTokens: 300, tools: [WEATHER], turns: [ask, { role: 'assistant', answer: first }, { role: 'user', parts: [{ type: 'tool-result', callId, text: 'sunny, 18 °C' }] }],
      })
      expectSameAnswer(answered(second), done)
      const [assistant, result] = context.seen()[1]?.messages.slice(-2) ?? []
      expect(assistant?.role).toBe('assistant')
      expect(assistant?.parts).toContainEqual({ type: 'tool-call', ...call })
      expect(result?.role).toBe('user')
      expect(result?.parts).toContainEqual({ type: 'tool-result', callId: call.id, text: 'sunny, 18 °C' })
    },
  },
  {
    id: 'image',
    column: 'image',
    title: 'image: a base64 image reaches the upstream with its media type and bytes',
    run: async (context) => {
      await answerOnce(context, { text: 'A single red pixel.', finish: 'stop', usage: { input: 90, output: 5 } }, {
        maxTokens: 100, turns: [{ role: 'user', parts: [{ type: 'image', mediaType: 'image/png', base64: PIXEL_PNG }, { type: 'text', text: 'What is this?' }] }],
      })
      expect(lastUserParts(context.seen()[0])).toEqual([{ type: 'image', mediaType: 'image/png', base64: PIXEL_PNG }, { type: 'text', text: 'What is this?' }])
    },
  },
  {
    id: 'reasoning-round-trip',
    column: 'reasoning round trip',
    title: 'reasoning: the text reaches the client, and the turn sent back gives the upstream its own opaque token',
    // What each pair guarantees: passthrough pairs hand the token over untouched both ways. An
    // Anthropic client gets a foreign token sealed in the bridge's envelope in thinking.signature,
    // opened again on the way back. An OpenAI Chat client gets Anthropic's signature in OpenRouter-
    // style reasoning_details, and any other upstream's token sealed in a detail of the bridge's
    // own format; the round trip holds only for clients that send reasoning_details back (this
    // client does, as OpenRouter asks); a client that drops them gets thinking turned off for that
    // turn instead (mapping.md §7.1 option 3).
    run: async (context) => {
      const call = { id: 'call_pm_weather_1', name: 'get_weather', args: { city: 'Oslo' } }
      const thought: ScriptedAnswer = {
        reasoning: { text: 'The user wants the weather in Oslo, so I call the tool.', token: UPSTREAM_TOKEN },
        toolCalls: [call],
        finish: 'tool-calls',
        usage: { input: 70, output: 30 },
      }
      const done: ScriptedAnswer = { text: 'Cold and clear in Oslo.', finish: 'stop', usage: { input: 150, output: 6 } }
      context.script((received) => context.mock.answer(thought, received), (received) => context.mock.answer(done, received))
      const ask = question('Weather in Oslo?')
      const first = answered(await context.ask({ maxTokens: 4000, reasoning: true, tools: [WEATHER], turns: [ask] }))
      expectSameAnswer(first, thought)
      // Passthrough hands the client the upstream's own token; a translating bridge may wrap it.
      if (context.mode === 'passthrough') expect(first.reasoning.tokens).toEqual([UPSTREAM_TOKEN])
      else expect(first.reasoning.tokens).toHaveLength(1)
      const second = await context.ask({
        maxTokens: 4000, reasoning: true, tools: [WEATHER],
        turns: [ask, { role: 'assistant', answer: first }, { role: 'user', parts: [{ type: 'tool-result', callId: call.id, text: 'cold, -4 °C' }] }],
      })
      expectSameAnswer(answered(second), done)
      const assistant = context.seen()[1]?.messages.findLast((message) => message.role === 'assistant')
      const reasoning = assistant?.parts.find((part) => part.type === 'reasoning')
      // Every client protocol has a slot that carries the token (raw or sealed), so the upstream gets its own back.
      expect(reasoning).toEqual({ type: 'reasoning', text: thought.reasoning?.text ?? '', tokens: [UPSTREAM_TOKEN] })
      expect(assistant?.parts).toContainEqual({ type: 'tool-call', ...call })
    },
  },
  {
    id: 'cache-usage',
    column: 'cache usage',
    title: 'prompt-cache usage: cache reads and writes reach the client and the log, with totals in each protocol\'s convention',
    // Every protocol has a cache-read count; Gemini has no cache-write count (its caching is
    // implicit), so writes cross every pair without Gemini on either side. The input total holds
    // everywhere: Anthropic and Bedrock count the cache beside their input, the others inside it.
    run: async (context) => {
      const said: ScriptedAnswer = { text: 'Cached answer.', finish: 'stop', usage: { input: 2400, output: 12, cacheRead: 1800, cacheWrite: 500 } }
      context.script((call) => context.mock.answer(said, call))
      const answer = answered(await context.ask({ maxTokens: 200, turns: [question('Summarise the cached document')] }))
      const upstreamWrites = context.mock.cacheWrites !== false
      const writes = upstreamWrites && context.clientCacheWrites
      const { cacheWrite: _dropped, ...withoutWrite } = said.usage
      expectSameAnswer(answer, { ...said, usage: writes ? said.usage : withoutWrite })
      const [row] = await context.rows(1)
      expect(row?.usage).toMatchObject({ inputTokens: 2400, outputTokens: 12, cacheReadTokens: 1800 })
      expect(row?.usage?.cacheWriteTokens ?? 0).toBe(upstreamWrites ? 500 : 0)
    },
  },
  {
    id: 'context-overflow',
    column: 'context overflow',
    title: "context overflow: the upstream's prompt-too-long becomes the client protocol's context-length error",
    run: async (context) => {
      context.script(() => context.mock.failure('context-overflow'))
      const error = failed(await context.ask({ maxTokens: 100, turns: [question('A very long prompt')] }))
      expect({ status: error.status, kind: error.kind }).toEqual({ status: 400, kind: 'context-overflow' })
      expect(context.seen()).toHaveLength(1)
    },
  },
  {
    id: 'auth',
    column: 'upstream 401',
    title: "upstream 401: the client's SDK raises its typed authentication error",
    run: async (context) => {
      context.script(() => context.mock.failure('auth'))
      const error = failed(await context.ask({ maxTokens: 100, turns: [question('Hi')] }))
      expect({ status: error.status, kind: error.kind }).toEqual({ status: context.authStatus, kind: 'auth' })
      expect(context.seen()).toHaveLength(1)
    },
  },
  {
    id: 'rate-limit-retry',
    column: '429 then success',
    title: 'a 429 then success: the bridge honours the retry and the client sees only the answer',
    run: async (context) => {
      context.script(() => context.mock.failure('rate-limit'), (call) => context.mock.answer(TEXT, call))
      expectSameAnswer(answered(await context.ask({ maxTokens: 200, turns: [question('Say hello')] })), TEXT)
      expect(context.seen()).toHaveLength(2)
      expect((await context.rows(1))[0]?.attempts).toBe(2)
    },
  },
  {
    id: 'retry-exhausted',
    column: 'always 500',
    title: 'always 500: once the retries are spent the client gets 503 RETRY_EXHAUSTED',
    run: async (context) => {
      context.script(() => context.mock.failure('server-error'))
      const error = failed(await context.ask({ maxTokens: 100, turns: [question('Hi')] }))
      expect(context.seen()).toHaveLength(MAX_ATTEMPTS)
      expect((await context.rows(1))[0]?.attempts).toBe(MAX_ATTEMPTS)
      expect({ status: error.status, kind: error.kind, errorCode: error.errorCode }).toEqual({ status: 503, kind: 'server', errorCode: 'RETRY_EXHAUSTED' })
    },
  },
  {
    id: 'mid-stream-failure',
    column: 'mid-stream failure',
    title: 'the upstream breaks mid-answer: the client gets an error, never a complete-looking answer',
    run: async (context) => {
      context.script((call) => context.mock.brokenAnswer(TEXT, call))
      const error = failed(await context.ask({ maxTokens: 200, turns: [question('Say hello')] }))
      expect(error.sawCompletion).toBe(false)
      if (context.streamed) {
        // What arrived before the break reached the client, and nothing after it.
        expect(error.kind).toBe('stream-broken')
        expect(error.partialText).not.toBe('')
        expect(TEXT.text?.startsWith(error.partialText)).toBe(true)
        expect((await context.rows(1))[0]?.errorCode).toBe('UPSTREAM_ERROR')
      } else {
        expect({ status: error.status, kind: error.kind }).toEqual({ status: 502, kind: 'server' })
      }
    },
  },
]
