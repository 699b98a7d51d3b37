import { afterEach, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { openRequestLog } from '../../src/log/index.ts'
import { tempDataDir } from './log-test-support.ts'

let remove: () => void = () => {}
afterEach(() => remove())

/** A child process that flushes some rows, queues more, then dies without closing the log. */
const CHILD = `
import { openRequestLog } from ${JSON.stringify(join(import.meta.dir, '../../src/log/index.ts'))}
import { makeRow } from ${JSON.stringify(join(import.meta.dir, 'log-test-support.ts'))}
const log = openRequestLog({ dataDir: process.argv[2], logBodies: false, flushIntervalMs: 60000 })
for (let i = 0; i < 50; i++) log.record(makeRow({ requestId: 'flushed_' + i }))
await log.flush()
for (let i = 0; i < 5; i++) log.record(makeRow({ requestId: 'pending_' + i }))
process.kill(process.pid, 'SIGKILL')
`

describe('after a crash', () => {
  test('the database opens cleanly with every flushed row; only the unflushed batch is lost', async () => {
    const temp = tempDataDir()
    remove = temp.remove
    const script = join(temp.dir, 'child.ts')
    await Bun.write(script, CHILD)
    const child = Bun.spawnSync(['bun', script, temp.dir], { stdout: 'pipe', stderr: 'pipe' })
    expect(child.signalCode).toBe('SIGKILL')
    const log = openRequestLog({ dataDir: temp.dir, logBodies: false })
    const ids = (await log.query({ limit: 200 })).rows.map((row) => row.requestId)
    expect(ids.filter((id) => id.startsWith('flushed_'))).toHaveLength(50)
    expect(ids.filter((id) => id.startsWith('pending_'))).toHaveLength(0)
    expect(log.health().ok).toBe(true)
    await log.close()
  })
})
