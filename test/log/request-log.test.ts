import { afterEach, describe, expect, test } from 'bun:test'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { createRequestLog, openRequestLog, type RequestLog, type RequestLogRow } from '../../src/log/index.ts'
import { EmptyStore } from '../../src/log/empty-store.ts'
import { makeRow, tempDataDir } from './log-test-support.ts'

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

function open(options: { logBodies?: boolean } = {}): { log: RequestLog; dir: string } {
  const temp = tempDataDir()
  const log = openRequestLog({ dataDir: temp.dir, logBodies: options.logBodies ?? false, flushIntervalMs: 10 })
  cleanup.push(temp.remove, () => log.close())
  return { log, dir: temp.dir }
}

describe('request log file', () => {
  test('the database and its WAL are readable by their owner only (they hold prompts and models)', async () => {
    const { log, dir } = open()
    log.record(makeRow())
    await log.flush()
    for (const name of ['llm-bridge.sqlite', 'llm-bridge.sqlite-wal']) {
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600)
    }
  })
})

describe('request log rows', () => {
  test('a successful request is stored with its usage and timings', async () => {
    const { log } = open()
    const row = makeRow({
      usage: { inputTokens: 1000, outputTokens: 200, cacheReadTokens: 600, cacheWriteTokens: 100, reasoningTokens: 50, estimated: true },
      durationMs: 2345.5, ttfbMs: 410, warnings: [{ code: 'dropped-field', field: 'cache_control', message: 'dropped' }],
    })
    log.record(row)
    await log.flush()
    expect(await log.get(row.requestId)).toEqual(row)
  })

  test('an upstream error keeps its code, message and upstream status', async () => {
    const { log } = open()
    const row = makeRow({ status: 429, errorCode: 'RATE_LIMITED', errorMessage: 'slow down', upstreamStatus: 429, attempts: 3, usage: undefined, ttfbMs: undefined })
    log.record(row)
    await log.flush()
    const stored = await log.get(row.requestId)
    expect(stored).toEqual(row)
    expect(stored?.usage).toBeUndefined()
  })

  test('a client abort is stored as status 499 with the partial usage', async () => {
    const { log } = open()
    const row = makeRow({ status: 499, stream: true, errorMessage: 'client closed the connection', usage: { inputTokens: 50, outputTokens: 7 } })
    log.record(row)
    await log.flush()
    expect((await log.get(row.requestId))?.status).toBe(499)
    expect((await log.get(row.requestId))?.usage).toEqual({ inputTokens: 50, outputTokens: 7 })
  })

  test('a mid-stream failure keeps the 200 status, the error code and the time to first byte', async () => {
    const { log } = open()
    const row = makeRow({ stream: true, status: 200, errorCode: 'UPSTREAM_ERROR', errorMessage: 'stream ended early', ttfbMs: 120, durationMs: 5000 })
    log.record(row)
    await log.flush()
    expect(await log.get(row.requestId)).toEqual(row)
  })

  test('rows are written by the timer without an explicit flush', async () => {
    const { log } = open()
    const row = makeRow()
    const written = new Promise<string>((resolve) => log.subscribe((stored) => resolve(stored.requestId)))
    log.record(row)
    expect(await written).toBe(row.requestId)
    expect((await log.get(row.requestId))?.requestId).toBe(row.requestId)
  })

  test('hundreds of concurrent record calls all become rows', async () => {
    const { log } = open()
    const rows = Array.from({ length: 400 }, () => makeRow())
    await Promise.all(rows.map(async (row) => log.record(row)))
    await log.flush()
    const seen = new Set<string>()
    let cursor: string | undefined
    do {
      const page = await log.query({ limit: 200, ...(cursor ? { cursor } : {}) })
      for (const stored of page.rows) seen.add(stored.requestId)
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.size).toBe(400)
    expect(log.health()).toMatchObject({ ok: true, queued: 0, dropped: 0, writeErrors: 0 })
  })

  test('recording the same request id twice keeps exactly one row', async () => {
    const { log } = open()
    const row = makeRow()
    log.record(row)
    log.record({ ...row, status: 500 })
    await log.flush()
    expect((await log.query({})).rows.filter((stored) => stored.requestId === row.requestId)).toHaveLength(1)
  })

  test('bodies are not stored unless logBodies is on', async () => {
    const { log } = open({ logBodies: false })
    const row = makeRow({ requestBody: '{"messages":[]}', responseBody: '{"content":[]}' })
    log.record(row)
    await log.flush()
    expect((await log.get(row.requestId))?.requestBody).toBeUndefined()
    expect((await log.get(row.requestId))?.responseBody).toBeUndefined()
  })

  test('bodies are stored capped when logBodies is on', async () => {
    const { log } = open({ logBodies: true })
    const row = makeRow({ requestBody: 'a'.repeat(200_000), responseBody: '{"ok":true}' })
    log.record(row)
    await log.flush()
    const stored = await log.get(row.requestId)
    expect(stored?.responseBody).toBe('{"ok":true}')
    expect(stored?.requestBody?.length).toBeLessThan(70_000)
    expect(stored?.requestBody).toContain('truncated')
  })

  test('batches with stored bodies are cut by size, so one hand-over never carries hundreds of MiB', async () => {
    const sizes: number[] = []
    const store = new (class extends EmptyStore {
      override insertBatch(rows: readonly RequestLogRow[]): void {
        sizes.push(rows.length)
      }
    })()
    const log = createRequestLog(store, { logBodies: true, flushIntervalMs: 60_000 })
    cleanup.push(() => log.close())
    for (let index = 0; index < 300; index++) log.record(makeRow({ requestBody: 'q'.repeat(64 * 1024), responseBody: 'a'.repeat(64 * 1024) }))
    for (let index = 0; index < 10; index++) log.record(makeRow())
    await log.flush()
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(310)
    // 8 Mi characters of bodies per batch: 64 rows of 128 KiB, the last batch takes the rest.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(65)
    expect(sizes.length).toBeGreaterThanOrEqual(5)
  })

  test('a row with a number that is not finite is stored with 0 instead of failing its batch forever', async () => {
    const { log } = open()
    const broken = makeRow({ durationMs: Number.NaN, bytesOut: Number.POSITIVE_INFINITY })
    const fine = makeRow()
    log.record(broken)
    log.record(fine)
    await log.flush()
    expect(log.health()).toMatchObject({ ok: true, writeErrors: 0, queued: 0 })
    expect(await log.get(broken.requestId)).toMatchObject({ durationMs: 0, bytesOut: 0 })
    expect((await log.get(fine.requestId))?.requestId).toBe(fine.requestId)
  })

  test('the database reopens with its rows after the log is closed', async () => {
    const temp = tempDataDir()
    cleanup.push(temp.remove)
    const first = openRequestLog({ dataDir: temp.dir, logBodies: false })
    const row = makeRow()
    first.record(row)
    await first.close()
    const second = openRequestLog({ dataDir: temp.dir, logBodies: false })
    cleanup.push(() => second.close())
    expect((await second.get(row.requestId))?.requestId).toBe(row.requestId)
  })

  test('recording after close does not throw into the proxy and counts the row as dropped', async () => {
    const { log } = open()
    await log.close()
    expect(() => log.record(makeRow())).not.toThrow()
    expect(log.health()).toMatchObject({ queued: 0, dropped: 1 })
  })
})
