/**
 * What a protocol brings to the pair matrix: an upstream mock (its row as a target) and a client
 * driving its official SDK (its column as a source). Both speak canonical-ish terms here, so the
 * scenarios are written once and compare what the client accumulated with what the upstream said.
 */
import type { ProtocolId } from '../../src/core/model/protocol-id.ts'
import type { FaultReply, FaultRequest } from '../support/fault-upstream.ts'

// ---------------------------------------------------------------- what the upstream says

export type ScriptedToolCall = { id: string; name: string; args: Record<string, unknown> }

/** An upstream answer before it is put in any wire format. */
export type ScriptedAnswer = {
  text?: string
  /** Reasoning text with the provider's opaque token (signature, encrypted content…). */
  reasoning?: { text: string; token: string }
  toolCalls?: ScriptedToolCall[]
  finish: CanonicalFinish
  usage: ScriptedUsage
}

/**
 * Canonical counts: `input` is ALL input, prompt-cache reads and writes included (each mock writes
 * its protocol's convention: Anthropic and Bedrock count the cache beside their input).
 */
export type ScriptedUsage = { input: number; output: number; cacheRead?: number; cacheWrite?: number }

export type CanonicalFinish = 'stop' | 'length' | 'tool-calls'

/** Upstream failures in the protocol's documented error shape. */
export type UpstreamFailure = 'context-overflow' | 'auth' | 'rate-limit' | 'server-error'

/** One request as the upstream received it (path, headers, body). */
export type UpstreamCall = FaultRequest

export type SeenPart =
  | { type: 'text'; text: string }
  | { type: 'image'; mediaType: string; base64: string }
  | { type: 'tool-call'; id: string; name: string; args: unknown }
  | { type: 'tool-result'; callId: string; text: string }
  /** tokens: every opaque token the upstream finds on this reasoning (its own come back here). */
  | { type: 'reasoning'; text: string; tokens: string[] }

/** A received request in canonical terms. */
export type SeenRequest = {
  model: string | undefined
  stream: boolean
  /** The output cap the request sets, in whichever field the protocol uses. */
  maxTokens: number | undefined
  /** Names of the tools the request offers. */
  toolNames: string[]
  messages: Array<{ role: 'user' | 'assistant'; parts: SeenPart[] }>
}

export type UpstreamMock = {
  protocol: ProtocolId
  /** The model every minted URL forces for this target. */
  upstreamModel: string
  /**
   * The smallest output cap the protocol's upstream accepts (OpenAI Responses: 16); a translating
   * bridge raises a smaller one to it, with a warning. Undefined: any cap.
   */
  minOutputTokens?: number
  /** False where the protocol has no prompt-cache write count (Gemini: implicit caching); its answers then carry none. */
  cacheWrites?: false
  /** The generate-url `target` for this upstream listening at `origin`, with `key` as its credential. */
  target: (origin: string, key: string) => Record<string, unknown>
  /**
   * Whether the call reached this protocol's chat endpoint with the key the URL sealed, sent its
   * way; asynchronous where the check is (a SigV4 signature recomputed by the AWS signer).
   */
  acceptsCall: (call: UpstreamCall, key: string) => boolean | Promise<boolean>
  /** The answer in wire form: a JSON body, or the protocol's stream when the bridge asked for one. */
  answer: (answer: ScriptedAnswer, call: UpstreamCall) => FaultReply
  /** The answer cut after its first text: a streamed one drops the connection after a few events, a JSON one mid-body. */
  brokenAnswer: (answer: ScriptedAnswer, call: UpstreamCall) => FaultReply
  failure: (failure: UpstreamFailure) => FaultReply
  read: (call: UpstreamCall) => SeenRequest
}

// ---------------------------------------------------------------- what the client does

export type ToolSpec = { name: string; description: string; parameters: Record<string, unknown> }

export type UserPart =
  | { type: 'text'; text: string }
  | { type: 'image'; mediaType: 'image/png'; base64: string }
  | { type: 'tool-result'; callId: string; text: string }

export type ClientTurn =
  | { role: 'user'; parts: UserPart[] }
  /** An earlier answer sent back as the client's SDK got it (signatures and opaque fields included). */
  | { role: 'assistant'; answer: ClientAnswer }

export type ClientRequest = {
  maxTokens: number
  /** Ask for reasoning (Anthropic thinking, OpenAI reasoning_effort…). */
  reasoning?: boolean
  tools?: ToolSpec[]
  turns: ClientTurn[]
}

export type ClientAnswer = {
  text: string
  toolCalls: Array<{ id: string; name: string; args: unknown }>
  reasoning: { text: string; tokens: string[] }
  /**
   * In canonical terms (input includes the cache); a cache count only when the client's protocol
   * reported one above zero.
   */
  usage: ScriptedUsage
  /** Canonical when the protocol's value maps to one; the raw value otherwise (a test then fails naming it). */
  finish: CanonicalFinish | string
  /** The assistant turn in the client's own wire shape, for the next request. */
  echo: unknown
  /** Stream grammar violations in what the SDK received (support/e2e-grammar.ts); [] when not streamed. */
  grammarViolations: string[]
}

export type ClientError = {
  /** The HTTP status of the answer; 200 when a stream started and then failed. */
  status: number
  /** What the SDK's typed error says, in canonical terms; 'other' names nothing specific. */
  kind: 'context-overflow' | 'auth' | 'rate-limit' | 'server' | 'stream-broken' | 'other'
  /** The bridge's error_code field, when the body had one. */
  errorCode: string | undefined
  message: string
  /** Text that arrived before a stream failed. */
  partialText: string
  /** Whether anything that reads as a complete answer arrived (it must not, on a failure). */
  sawCompletion: boolean
}

export type ClientOutcome = { ok: true; status: 200; answer: ClientAnswer } | { ok: false; error: ClientError }

export type ProtocolClient = {
  protocol: ProtocolId
  /** The status this protocol's services give bad credentials: 401 when absent (AWS answers 403). */
  authStatus?: number
  /** False where the protocol has no prompt-cache write count to show the client (Gemini). */
  cacheWrites?: false
  /** Drives the official SDK against a proxy URL: streamed, or not; never throws for an API error. */
  ask: (proxyUrl: string, request: ClientRequest, streamed: boolean) => Promise<ClientOutcome>
}
