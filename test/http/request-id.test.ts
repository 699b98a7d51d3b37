import { describe, expect, test } from 'bun:test'
import { requestIdOf } from '../../src/http/request-id.ts'

const request = (): Request => new Request('http://127.0.0.1/v1/messages')

describe('request ids', () => {
  test('keep their public shape: req_ and 32 lowercase hex digits, one per request', () => {
    const first = request()
    const id = requestIdOf(first)
    expect(id).toMatch(/^req_[0-9a-f]{32}$/)
    expect(requestIdOf(first)).toBe(id)
    expect(requestIdOf(request())).not.toBe(id)
  })

  // The log's unique index on request_id takes one insert per row: ids in creation order land at
  // the b-tree's right edge instead of at a random page of an index that outgrows the page cache.
  test('sort in the order the requests arrived, across milliseconds', async () => {
    const ids: string[] = []
    for (let round = 0; round < 5; round++) {
      for (let index = 0; index < 200; index++) ids.push(requestIdOf(request()))
      await Bun.sleep(2)
    }
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
  })
})
