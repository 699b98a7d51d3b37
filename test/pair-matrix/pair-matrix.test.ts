/**
 * The pair matrix: every registered client protocol × every registered upstream protocol ×
 * every scenario, streamed and not, through the real server with each protocol's official SDK
 * against a mock faithful to each protocol's wire format (see README.md in this folder). Then the
 * support tables in the READMEs are checked against the cells these cases prove.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startMatrix, type Matrix } from './harness.ts'
import { missingParts, registeredPairs } from './registry.ts'
import { SCENARIOS } from './scenarios.ts'
import { extractSupportTables, provenCells, renderSupportTable, STREAMED_MODES } from './support-table.ts'

let matrix: Matrix
beforeAll(async () => {
  matrix = await startMatrix()
})
afterAll(async () => {
  await matrix.close()
})

test('every protocol with a registered codec has an upstream mock and a client', () => {
  expect(missingParts()).toEqual([])
})

for (const pair of registeredPairs()) {
  describe(`${pair.source} client → ${pair.target} upstream (${pair.mode})`, () => {
    for (const scenario of SCENARIOS) {
      for (const streamed of STREAMED_MODES) {
        test(`${scenario.title} (${streamed ? 'streamed' : 'not streamed'})`, () => matrix.runCase(pair, scenario, streamed))
      }
    }
  })
}

describe('support table', () => {
  const expected = renderSupportTable(provenCells())

  test("the project README's support table matches too", async () => {
    const readme = await Bun.file(`${import.meta.dir}/../../README.md`).text()
    expect(extractSupportTables(readme)).toEqual([expected])
  })
})
