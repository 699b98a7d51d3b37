import { Database } from 'bun:sqlite'
import { afterEach, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { LOG_FILE_NAME, openRequestLog } from '../../src/log/index.ts'
import { redactText } from '../../src/log/redact.ts'
import { makeRow, tempDataDir } from './log-test-support.ts'

const CANARY = 'sk-canary-7f3a9c2e1b5d4f60'
const TOKEN = 'lb1_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v'

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

/** Every cell of every table, as one string to search. */
function dumpDatabase(path: string): string {
  const database = new Database(path, { readonly: true })
  const tables = database.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'").all()
  const dump = tables.map((table) => JSON.stringify(database.query(`SELECT * FROM "${table.name}"`).all())).join('\n')
  database.close()
  return dump
}

describe('secrets in the log', () => {
  test('a canary key and a URL token in bodies, error and path never reach any table', async () => {
    const temp = tempDataDir()
    cleanup.push(temp.remove)
    const log = openRequestLog({ dataDir: temp.dir, logBodies: true })
    const opaqueKey = 'k9Zq-opaque-upstream-secret-48213'
    log.record(makeRow({
      path: `/v1beta/models/gemini:generateContent?key=${opaqueKey}`,
      requestBody: JSON.stringify({ messages: [{ role: 'user', content: `my key is ${CANARY} and ${TOKEN}` }], api_key: opaqueKey }),
      responseBody: `{"error":"invalid x-api-key: ${CANARY}"}`,
      errorMessage: `Upstream said: Incorrect API key provided: ${opaqueKey}. Authorization: Bearer ${CANARY}`,
      userAgent: `curl/8 ${TOKEN}`,
    }), { redact: [opaqueKey] })
    await log.close()
    const dump = dumpDatabase(join(temp.dir, LOG_FILE_NAME))
    expect(dump).toContain('[REDACTED]')
    for (const secret of [CANARY, TOKEN, opaqueKey, 'canary-7f3a', 'k9Zq-opaque']) expect(dump).not.toContain(secret)
  })

  test('a key known only by exact value is removed even without a recognisable shape', () => {
    const key = 'plainlookingvalue123'
    expect(redactText(`echo: plainlookingvalue123!`, [key])).toBe('echo: [REDACTED]!')
  })

  test('patterns catch keys the bridge does not know', () => {
    const text = [
      'sk-ant-api03-abcdefghijklmnop', 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'x-api-key: abc123secretvalue',
      'AKIAIOSFODNN7EXAMPLE', '"secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'AIzaSyA1234567890abcdefghijklmnopqrstu',
    ].join('\n')
    const redacted = redactText(text)
    for (const secret of ['abcdefghijklmnop', 'eyJhbGciOiJIUzI1NiJ9', 'abc123secretvalue', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI', 'AIzaSyA1234567890']) {
      expect(redacted).not.toContain(secret)
    }
  })

  test('ordinary prose is left alone', () => {
    const text = 'The task: ask the model for a haiku about keys and tokens.'
    expect(redactText(text, ['short'])).toBe(text)
  })
})
