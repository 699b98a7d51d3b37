/**
 * The calibration of local token counts survives a restart: the log keeps each translated
 * request's estimate beside the upstream's input tokens, and a new bridge replays them.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { Database } from 'bun:sqlite'
import { join } from 'node:path'
import { TokenCalibration } from '../../src/core/tokens/calibrate-tokens.ts'
import { openRequestLog } from '../../src/log/index.ts'
import { MIGRATIONS } from '../../src/log/sqlite/migrations.ts'
import { calibrationSeed } from '../../src/proxy/seed-calibration.ts'
import { makeRow, tempDataDir } from '../log/log-test-support.ts'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

describe('seeding the calibration from the request log', () => {
  test("a restarted bridge's first local count is corrected by the pairs the log kept, per model and newest last", async () => {
    const temp = tempDataDir()
    cleanup.push(temp.remove)
    const log = openRequestLog({ dataDir: temp.dir, logBodies: false })
    cleanup.push(() => log.close())
    const now = Date.now()
    for (let index = 0; index < 8; index++) {
      // An old ratio of 2 for llama, replaced by 1.25 in the newest rows; qwen at 0.8; rows without an estimate or failed teach nothing.
      const ratio = index < 3 ? 2 : 1.25
      log.record(makeRow({ startedAt: now - 10_000 + index, upstreamModel: 'llama-3.3-70b', inputTokensEstimate: 1000, usage: { inputTokens: 1000 * ratio, outputTokens: 1 } }))
      log.record(makeRow({ startedAt: now - 10_000 + index, upstreamModel: 'qwen3-32b', inputTokensEstimate: 1000, usage: { inputTokens: 800, outputTokens: 1 } }))
    }
    log.record(makeRow({ upstreamModel: 'qwen3-32b', usage: { inputTokens: 99_999, outputTokens: 1 } }))
    log.record(makeRow({ upstreamModel: 'qwen3-32b', status: 502, inputTokensEstimate: 1, usage: { inputTokens: 99_999, outputTokens: 1 } }))
    await log.flush()
    expect((await log.query({ model: 'llama-3.3-70b', limit: 1 })).rows[0]!.inputTokensEstimate).toBe(1000)

    const calibration = new TokenCalibration({ window: 5, minSamples: 3, minFactor: 0.5, maxFactor: 3, maxModels: 10 })
    const seed = calibrationSeed(calibration, log)
    await seed()
    expect(calibration.factor('llama-3.3-70b')).toBeCloseTo(1.25)
    expect(calibration.factor('qwen3-32b')).toBeCloseTo(0.8)
    // Once: a second call reads nothing more.
    await seed()
    expect(calibration.samples('qwen3-32b')).toBe(5)
  })

  test('a log written before the estimate column migrates, and its rows seed nothing', async () => {
    const temp = tempDataDir()
    cleanup.push(temp.remove)
    const path = join(temp.dir, 'old.sqlite')
    const old = new Database(path, { create: true, strict: true })
    old.run('PRAGMA journal_mode = WAL')
    for (const step of MIGRATIONS.slice(0, -1)) old.run(step)
    old.run(`PRAGMA user_version = ${MIGRATIONS.length - 1}`)
    old.run(`INSERT INTO request_log (request_id, started_at, method, path, stream, status, attempts, duration_ms, warnings, bytes_in, bytes_out, upstream_model, input_tokens, output_tokens)
      VALUES ('old', ${Date.now()}, 'POST', '/p', 0, 200, 1, 5, '[]', 0, 0, 'llama', 500, 1)`)
    old.close()
    const log = openRequestLog({ dataDir: temp.dir, path, logBodies: false })
    cleanup.push(() => log.close())
    log.record(makeRow({ upstreamModel: 'llama', inputTokensEstimate: 100, usage: { inputTokens: 150, outputTokens: 1 } }))
    await log.flush()
    const calibration = new TokenCalibration({ window: 5, minSamples: 1, minFactor: 0.5, maxFactor: 3, maxModels: 10 })
    await calibrationSeed(calibration, log)()
    expect(calibration.samples('llama')).toBe(1)
    expect(calibration.factor('llama')).toBeCloseTo(1.5)
  })

  test('a log that answers after the seed gave up records nothing: its old rows cannot push out newer samples', async () => {
    const calibration = new TokenCalibration({ window: 5, minSamples: 1, minFactor: 0.5, maxFactor: 3, maxModels: 10 })
    const row = makeRow({ upstreamModel: 'slow-model', inputTokensEstimate: 100, usage: { inputTokens: 200, outputTokens: 1 } })
    let answered!: () => void
    const reading = new Promise<void>((resolve) => (answered = resolve))
    const slowLog = {
      query: async () => {
        await Bun.sleep(2_300)
        answered()
        return { rows: [row] }
      },
    }
    await calibrationSeed(calibration, slowLog)()
    // A live sample arrives after the seed gave up; then the late page comes in.
    calibration.record('slow-model', 100, 100)
    await reading
    await Bun.sleep(10)
    expect(calibration.samples('slow-model')).toBe(1)
    expect(calibration.factor('slow-model')).toBeCloseTo(1)
  })
})
