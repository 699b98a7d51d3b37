/**
 * Which protocols the pair matrix covers: every protocol with a registered codec, as a source
 * (its official-SDK client) and as a target (its upstream mock).
 */
import { PROTOCOL_IDS, type ProtocolId } from '../../src/core/model/protocol-id.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import { PROTOCOL_CLIENTS } from './clients/index.ts'
import { UPSTREAM_MOCKS } from './mocks/index.ts'

export type Pair = { source: ProtocolId; target: ProtocolId; mode: 'passthrough' | 'translated' }

/** Protocols with a codec: each is a source (client) and a target (upstream) of the matrix. */
export function registeredProtocols(): ProtocolId[] {
  return PROTOCOL_IDS.filter((protocol) => findCodec(protocol) !== undefined)
}

export function registeredPairs(): Pair[] {
  const protocols = registeredProtocols()
  return protocols.flatMap((source) => protocols.map((target): Pair => ({ source, target, mode: source === target ? 'passthrough' : 'translated' })))
}

/** Registered protocols lacking a mock or a client: each must be added, or its cases fail. */
export function missingParts(): string[] {
  return registeredProtocols().flatMap((protocol) => [
    ...(UPSTREAM_MOCKS[protocol] ? [] : [`test/pair-matrix/mocks/${protocol}.ts (listed in mocks/index.ts)`]),
    ...(PROTOCOL_CLIENTS[protocol] ? [] : [`test/pair-matrix/clients/${protocol}.ts (listed in clients/index.ts)`]),
  ])
}
