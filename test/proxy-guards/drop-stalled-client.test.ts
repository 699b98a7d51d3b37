import { describe, expect, test } from 'bun:test'
import { dropStalledClient } from '../../src/proxy-guards/drop-stalled-client.ts'

async function* numbers(count: number): AsyncGenerator<number> {
  for (let i = 0; i < count; i++) yield i
}

describe('dropStalledClient', () => {
  test('a client that stops reading is dropped after stallMs', async () => {
    let stalled = false
    const iterator = dropStalledClient(numbers(5), { stallMs: 30, onStall: () => (stalled = true) })
    await iterator.next()
    await Bun.sleep(200)
    expect(stalled).toBe(true)
  })

  test('a client that keeps reading is never dropped', async () => {
    let stalled = false
    const read: number[] = []
    for await (const value of dropStalledClient(numbers(5), { stallMs: 1000, onStall: () => (stalled = true) })) read.push(value)
    await Bun.sleep(20)
    expect(read).toEqual([0, 1, 2, 3, 4])
    expect(stalled).toBe(false)
  })
})
