/**
 * Every registered codec's decoders, fed arbitrary JSON (any value, deep up to the nesting limit
 * the proxy enforces before them, wide, and protocol-shaped with any field wrong), either return
 * or throw a BridgeError (a 4xx/5xx the client sees in its protocol) — never a TypeError or a
 * RangeError, which would surface as a 500. decodeError never throws. FUZZ_RUNS sets the runs
 * (`make fuzz`).
 */
import { describe, expect, test } from 'bun:test'
import fc from 'fast-check'
import { BridgeError } from '../../src/core/errors.ts'
import { MAX_JSON_NESTING } from '../../src/core/json-nesting.ts'
import { WarningSink } from '../../src/core/model/index.ts'
import { PROTOCOL_IDS } from '../../src/core/model/protocol-id.ts'
import type { ProtocolCodec } from '../../src/core/protocols/codec.ts'
import { findCodec } from '../../src/core/protocols/index.ts'
import { anyJson, deepOrWide, FUZZ_RUNS, nestIn, requestLike, responseLike } from './fuzz-arbitraries.ts'

const codecs = PROTOCOL_IDS.map((id) => findCodec(id)).filter((codec): codec is ProtocolCodec => codec !== undefined)

/** What a decoder may do with garbage: return, or throw the bridge's own error. */
function returnsOrThrowsBridgeError(run: () => unknown): void {
  try {
    run()
  } catch (error) {
    if (!(error instanceof BridgeError)) throw new Error(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
  }
}

/** The deepest value the proxy lets through, in the places decoders recurse into. */
const atTheLimit = fc.constantFrom('input', 'schema', 'content').map((where) => {
  const deep = nestIn(1, MAX_JSON_NESTING - 8)
  if (where === 'input') return { model: 'm', max_tokens: 5, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: deep }] }] }
  if (where === 'schema') return { model: 'm', max_tokens: 5, tools: [{ name: 'f', input_schema: deep, function: { name: 'f', parameters: deep } }], messages: [{ role: 'user', content: 'x' }] }
  return { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: deep }] }
})

const bodies = fc.oneof(anyJson, deepOrWide(MAX_JSON_NESTING - 2), requestLike, responseLike, atTheLimit)

test('at least the two wire codecs are registered', () => {
  expect(codecs.map((codec) => codec.id)).toEqual(expect.arrayContaining(['anthropic', 'openai']))
})

for (const codec of codecs) {
  describe(`${codec.id} codec on arbitrary JSON`, () => {
    test('decodeRequest returns or throws a BridgeError, on every route group', () => {
      fc.assert(
        fc.property(bodies, fc.constantFrom<'chat' | 'count_tokens'>('chat', 'count_tokens'), (body, group) => {
          returnsOrThrowsBridgeError(() => codec.decodeRequest(body, { group }, new WarningSink()))
        }),
        { numRuns: FUZZ_RUNS * 4 },
      )
    })

    test('decodeResponse returns or throws a BridgeError', () => {
      fc.assert(fc.property(bodies, (body) => returnsOrThrowsBridgeError(() => codec.decodeResponse(body))), { numRuns: FUZZ_RUNS * 4 })
    })

    test('decodeError always returns a BridgeError', () => {
      fc.assert(
        fc.property(bodies, fc.integer({ min: 100, max: 599 }), (body, status) => {
          expect(codec.decodeError(status, body, new Headers())).toBeInstanceOf(BridgeError)
        }),
        { numRuns: FUZZ_RUNS * 4 },
      )
    })
  })
}
