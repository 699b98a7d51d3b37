/** The console's pure helpers: environment per shell, server errors per field, stats buckets and costs. */
import { describe, expect, test } from 'bun:test'
import { formatEnv, parseEnvBlock } from '../../web/env-snippets.ts'
import { firstInvalidField, humanize, serverFieldError } from '../../web/field-errors.ts'
import { describeCost, fillBuckets, parseStats } from '../../web/stats.ts'

const HOSTILE = `it's $HOME \\ "x"`

/** Runs a POSIX snippet in bash and prints the variables from a child process. */
async function childSees(snippet: string, names: string[]): Promise<string[]> {
  const child = Bun.spawn(['bash', '-c', `${snippet}\nprintenv ${names.join(' ')}`], { stdout: 'pipe', env: { PATH: process.env.PATH ?? '' } })
  const out = await new Response(child.stdout).text()
  await child.exited
  return out.replace(/\n$/, '').split('\n')
}

describe('environment per shell', () => {
  const vars = parseEnvBlock(`ANTHROPIC_BASE_URL=http://h/proxy/lb1_x\nANTHROPIC_AUTH_TOKEN=${HOSTILE}`) ?? []

  test('a block that is not plain assignments is left as it is', () => {
    expect(parseEnvBlock('# The gemini protocol is not available in this build.')).toBeUndefined()
  })

  test('the exported POSIX form reaches a child process, quotes and dollars intact', async () => {
    expect(await childSees(formatEnv('posix', vars, 'claude'), ['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN'])).toEqual(['http://h/proxy/lb1_x', HOSTILE])
  })

  test('the one-line form passes the variables to the command it starts', async () => {
    const line = formatEnv('command', vars, 'printenv ANTHROPIC_AUTH_TOKEN')
    const child = Bun.spawn(['bash', '-c', line], { stdout: 'pipe', env: { PATH: process.env.PATH ?? '' } })
    expect((await new Response(child.stdout).text()).trim()).toBe(HOSTILE)
  })

  test('fish and PowerShell forms escape their own quote characters', () => {
    expect(formatEnv('fish', vars, 'claude')).toContain(`set -gx ANTHROPIC_AUTH_TOKEN 'it\\'s $HOME \\\\ "x"'`)
    expect(formatEnv('powershell', vars, 'claude')).toContain(`$env:ANTHROPIC_AUTH_TOKEN = 'it''s $HOME \\ "x"'`)
  })
})

describe('server errors per field', () => {
  test('a body path names the field and the message loses the path', () => {
    expect(serverFieldError('target.baseUrl: required when target.provider is not given', 'INVALID_REQUEST', 'auth-token')).toEqual({
      'base-url': 'This is required.',
    })
    expect(serverFieldError('target.auth.type: expected one of bearer, none', undefined, 'auth-token')).toEqual({ 'auth-type': 'Choose one of: bearer, none.' })
    expect(serverFieldError('target.auth: expected an object', undefined, 'auth-apiKey')).toEqual({ 'auth-apiKey': 'Expected an object.' })
    expect(serverFieldError('model.map["claude-*"]: expected a non-empty string', undefined, 'auth-token')).toEqual({ 'model-map': 'Enter a value.' })
  })

  test('an egress refusal is about the base URL; an error about no field stays general', () => {
    expect(serverFieldError('Upstream URL must use http or https', 'EGRESS_DENIED', 'auth-token')).toEqual({ 'base-url': 'Upstream URL must use http or https.' })
    expect(serverFieldError('The admin key is required', 'MISSING_TOKEN', 'auth-token')).toBeUndefined()
  })

  test('the first invalid field follows the order on screen', () => {
    expect(firstInvalidField({ 'force-model': 'x', 'auth-token': 'y', 'base-url': 'z' })).toBe('base-url')
    expect(humanize('unknown field')).toContain('does not accept')
  })
})

describe('stats', () => {
  const HOUR = 3_600_000
  const from = Date.UTC(2026, 0, 1, 0, 30)
  const figures = (requests: number, unpricedRequests = 0) => ({ requests, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, costUsd: 0, unpricedRequests })

  test('the chart gets every bucket of the period, the answered ones in their slot', () => {
    const stats = parseStats({ from, to: from + 24 * HOUR, bucket: 'hour', totals: figures(3), buckets: [{ start: Date.UTC(2026, 0, 1, 5), ...figures(3) }], models: [] })
    const buckets = fillBuckets(stats ?? (undefined as never))
    expect(buckets).toHaveLength(25)
    expect(buckets[0]?.start).toBe(Date.UTC(2026, 0, 1, 0))
    expect(buckets.map((bucket) => bucket.requests).indexOf(3)).toBe(5)
  })

  test('a cost with no known price is unknown, and a partly priced one says how many are missing', () => {
    expect(describeCost(figures(2, 2)).text).toBe('—')
    expect(describeCost(figures(3, 1))).toEqual({ text: '', note: '1 of 3 requests have no known price' })
    expect(describeCost(figures(3, 0))).toEqual({ text: '', note: '' })
  })
})
