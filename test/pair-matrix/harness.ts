/**
 * The pair-matrix harness: the real bridge (createServer on a random port, a real SQLite log)
 * in front of one mock upstream per target protocol (the fault upstream, which can also drop a
 * connection mid-answer). Every registered source protocol × every registered target protocol
 * × every scenario, streamed and not. A protocol joins by registering its codec, a mock and a
 * client; nothing here names a protocol.
 */
import { expect } from 'bun:test'
import type { ProtocolId } from '../../src/core/model/protocol-id.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import type { RequestLogRow } from '../../src/log/index.ts'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { startFaultUpstream, type FaultReply, type FaultUpstream } from '../support/fault-upstream.ts'
import { PROTOCOL_CLIENTS } from './clients/index.ts'
import type { ClientOutcome, UpstreamCall, UpstreamMock } from './contract.ts'
import { UPSTREAM_MOCKS } from './mocks/index.ts'
import { missingParts, registeredProtocols, type Pair } from './registry.ts'
import { MAX_ATTEMPTS, type CaseContext, type Scenario } from './scenarios.ts'

type Upstream = { server: FaultUpstream; replies: Array<(call: UpstreamCall) => FaultReply>; calls: UpstreamCall[] }

export type Matrix = {
  runCase: (pair: Pair, scenario: Scenario, streamed: boolean) => Promise<void>
  close: () => Promise<void>
}

export async function startMatrix(): Promise<Matrix> {
  const bridge = await startE2eBridge()
  const upstreams = new Map<ProtocolId, Upstream>()
  for (const protocol of registeredProtocols()) {
    if (UPSTREAM_MOCKS[protocol] === undefined) continue
    const upstream: Upstream = {
      replies: [],
      calls: [],
      server: startFaultUpstream((call) => {
        upstream.calls.push(call)
        const reply = upstream.replies[Math.min(upstream.calls.length, upstream.replies.length) - 1]
        return reply ? reply(call) : { status: 500, body: 'no scripted reply' }
      }),
    }
    bridge.allowUpstream(upstream.server.port)
    upstreams.set(protocol, upstream)
  }
  return {
    runCase: (pair, scenario, streamed) => runCase(bridge, upstreams, pair, scenario, streamed),
    close: async () => {
      for (const upstream of upstreams.values()) upstream.server.stop()
      await bridge.close()
    },
  }
}

async function runCase(bridge: E2eBridge, upstreams: Map<ProtocolId, Upstream>, pair: Pair, scenario: Scenario, streamed: boolean): Promise<void> {
  const mock = UPSTREAM_MOCKS[pair.target]
  const client = PROTOCOL_CLIENTS[pair.source]
  const upstream = upstreams.get(pair.target)
  if (!mock || !client || !upstream) throw new Error(`the pair matrix needs: ${missingParts().join(', ')}`)
  upstream.replies = []
  upstream.calls = []
  const { proxyUrl, tokenId } = await bridge.mint({
    version: 2,
    source: { protocol: pair.source },
    target: mock.target(upstream.server.url, UPSTREAM_KEY),
    model: { mode: 'force', force: mock.upstreamModel },
    // Retries stay fast: every wait (backoff or the upstream's Retry-After) is capped at 5 ms.
    retry: { maxAttempts: MAX_ATTEMPTS, maxDelayMs: 5 },
  })
  const outcomes: ClientOutcome[] = []
  const context: CaseContext = {
    source: pair.source,
    target: pair.target,
    mode: pair.mode,
    streamed,
    mock,
    authStatus: client.authStatus ?? 401,
    clientCacheWrites: client.cacheWrites !== false,
    script: (...replies) => void (upstream.replies = replies),
    seen: () => upstream.calls.map((call) => mock.read(call)),
    ask: async (request) => {
      const outcome = await client.ask(proxyUrl, request, streamed)
      outcomes.push(outcome)
      return outcome
    },
    rows: (count) => bridge.rowsFor(tokenId, count),
  }
  await scenario.run(context)
  await expectAuthenticCalls(mock, upstream.calls)
  await expectOneRowPerRequest(bridge, tokenId, pair, streamed, outcomes)
}

/** Every upstream call went to the protocol's endpoint with the sealed key and the forced model; the client's key never left the bridge. */
async function expectAuthenticCalls(mock: UpstreamMock, calls: UpstreamCall[]): Promise<void> {
  for (const call of calls) {
    expect(await mock.acceptsCall(call, UPSTREAM_KEY)).toBe(true)
    expect(mock.read(call).model).toBe(mock.upstreamModel)
    expect(JSON.stringify(call.headers) + call.body).not.toContain(CLIENT_KEY)
  }
}

/**
 * One row per client request, in order, with the pair, the streaming flag and the status the
 * client saw; no error code for a success, and for an error the code its body named, when it
 * named one (the bridge's own error bodies do; a passed-through upstream error body does not).
 */
async function expectOneRowPerRequest(bridge: E2eBridge, tokenId: string, pair: Pair, streamed: boolean, outcomes: ClientOutcome[]): Promise<void> {
  const rows = await bridge.rowsFor(tokenId, outcomes.length)
  const codeTold = (outcome: ClientOutcome, row: RequestLogRow | undefined): string | undefined => (outcome.ok ? undefined : (outcome.error.errorCode ?? row?.errorCode))
  expect(rows.map((row) => ({ source: row.sourceProtocol, target: row.targetProtocol, stream: row.stream, status: row.status, errorCode: row.errorCode }))).toEqual(
    outcomes.map((outcome, index) => ({
      source: pair.source,
      target: pair.target,
      stream: streamed,
      status: outcome.ok ? outcome.status : outcome.error.status,
      errorCode: codeTold(outcome, rows[index]),
    })),
  )
}
