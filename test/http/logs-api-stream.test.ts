import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { logsApi } from '../../src/http/logs-api.ts'
import { openRequestLog, type RequestLog } from '../../src/log/index.ts'
import { makeRow, tempDataDir } from '../log/log-test-support.ts'

let log: RequestLog
let remove: () => void
let subscribers = 0

beforeEach(() => {
  const temp = tempDataDir()
  remove = temp.remove
  const real = openRequestLog({ dataDir: temp.dir, logBodies: false, flushIntervalMs: 5 })
  // Count live subscriptions to see the tail let go when the client leaves.
  log = Object.assign(Object.create(real) as RequestLog, {
    subscribe: (listener: Parameters<RequestLog['subscribe']>[0]) => {
      subscribers += 1
      const unsubscribe = real.subscribe(listener)
      return () => {
        subscribers -= 1
        unsubscribe()
      }
    },
  })
})

afterEach(async () => {
  await log.close()
  remove()
})

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, marker: string): Promise<string> {
  const decoder = new TextDecoder()
  let text = ''
  while (!text.includes(marker)) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  return text
}

describe('/api/logs/stream', () => {
  test('a row recorded after subscribing arrives as an SSE event, and leaving unsubscribes', async () => {
    const api = logsApi({ log, isLoopbackBind: true, adminKey: 'unused-admin-key', openToken: async () => { throw new Error('no') } })
    const response = await api.handle(new Request('http://localhost/api/logs/stream'))
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const reader = response.body!.getReader()
    await readUntil(reader, ': connected')
    expect(subscribers).toBe(1)
    const row = makeRow({ requestId: 'req_live' })
    log.record(row)
    const text = await readUntil(reader, 'req_live')
    const data = /event: row\nid: req_live\ndata: (.*)\n\n/.exec(text)?.[1]
    expect(JSON.parse(data ?? 'null')).toMatchObject({ requestId: 'req_live', status: 200, tokenId: 'tok_a' })
    await reader.cancel()
    expect(subscribers).toBe(0)
  })

  test('a proxy-token holder only sees the rows of its URL', async () => {
    const api = logsApi({ log, isLoopbackBind: false, adminKey: 'admin-key-xyz-123456', openToken: async () => ({ tokenId: 'tok_mine' }) })
    const response = await api.handle(new Request('http://localhost/api/logs/stream', { headers: { authorization: 'Bearer lb1_whatevertokenvalue' } }))
    const reader = response.body!.getReader()
    await readUntil(reader, ': connected')
    log.record(makeRow({ requestId: 'req_other', tokenId: 'tok_other' }))
    log.record(makeRow({ requestId: 'req_mine', tokenId: 'tok_mine' }))
    const text = await readUntil(reader, 'req_mine')
    expect(text).not.toContain('req_other')
    await reader.cancel()
  })
})
