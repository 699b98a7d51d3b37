/**
 * The Minted URLs view in real Chromium against the real server composition (token registry,
 * SQLite log) on a non-loopback bind: locked until the admin key is given, Revoke (confirmed)
 * makes the URL answer 401 at once, Duplicate fills the New URL form with the key left empty.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { startTokenServer, type TokenServer } from '../token-registry/token-server.ts'
import { openWatchedBrowser, type PageWatch, type WatchedBrowser } from './support/browser.ts'

setDefaultTimeout(20_000)

const CANARY_KEY = 'sk-canary-console-tokens-8e2f61'

let mock: MockUpstream
let dir: string
let server: TokenServer
let browser: WatchedBrowser
let page: Page
let watch: PageWatch
let proxyUrl = ''

beforeAll(async () => {
  mock = startMockUpstream(() => ({ json: { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] } }))
  dir = await mkdtemp(join(tmpdir(), 'lb-console-tokens-'))
  server = await startTokenServer(join(dir, 'data'), { upstreamPort: mock.port })
  browser = await openWatchedBrowser(server.origin)
  ;({ page, watch } = browser)
  const response = await fetch(`${server.origin}/api/generate-url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminKey}` },
    body: JSON.stringify({
      version: 2,
      label: 'dup me',
      source: { protocol: 'openai' },
      target: { protocol: 'openai', baseUrl: `${mock.url}/v1`, auth: { type: 'bearer', token: CANARY_KEY } },
      model: { mode: 'map', map: { 'gpt-*': 'upstream-a', '*': 'upstream-b' } },
      endpoints: { mode: 'translate' },
      expiresInSeconds: 86_400,
    }),
  })
  proxyUrl = ((await response.json()) as { proxyUrl: string }).proxyUrl
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  mock?.stop()
  await rm(dir, { recursive: true, force: true })
})

function chat(): Promise<Response> {
  return fetch(`${proxyUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) })
}

describe('Minted URLs view', () => {
  test('is locked until the admin key is entered, then lists the URL with its use', async () => {
    expect((await chat()).status).toBe(200)
    await server.log.flush()
    await page.goto(`${server.origin}/#tokens`)
    await page.locator('lb-tokens .empty', { hasText: 'locked' }).waitFor()
    await page.locator('lb-admin-key #admin-key').fill(server.adminKey)
    await page.click('lb-admin-key button[type="submit"]')
    const row = page.locator('lb-tokens tbody tr', { hasText: 'dup me' })
    await row.waitFor()
    expect(await row.textContent()).toContain('openai → openai')
    expect(await row.locator('td.num').textContent()).toBe('1')
    expect(await row.textContent()).toContain('Active')
  })

  test('Duplicate fills the New URL form with the stored settings and an empty key', async () => {
    await page.click('lb-tokens tbody tr:has-text("dup me") button.duplicate')
    await page.locator('#label').waitFor()
    expect(await page.getAttribute('#tab-new-url', 'aria-selected')).toBe('true')
    expect(await page.inputValue('#label')).toBe('dup me')
    expect(await page.inputValue('#provider')).toBe('')
    expect(await page.inputValue('#target-protocol')).toBe('openai')
    expect(await page.inputValue('#base-url')).toBe(`${mock.url}/v1`)
    expect(await page.inputValue('#source-protocol')).toBe('openai')
    expect(await page.inputValue('#endpoints-mode')).toBe('translate')
    expect(await page.inputValue('#expiry')).toBe('86400')
    expect(await page.inputValue('#auth-token')).toBe('')
    expect(await page.locator('input[name="model-mode"][value="map"]').isChecked()).toBe(true)
    expect(await page.inputValue('lb-model-map input.client >> nth=0')).toBe('gpt-*')
    expect(await page.inputValue('lb-model-map input.upstream >> nth=0')).toBe('upstream-a')
    expect(await page.inputValue('#fallback-model')).toBe('upstream-b')
  })

  test('Revoke asks first; once confirmed the URL answers 401 INVALID_TOKEN at once', async () => {
    await page.click('#tab-tokens')
    const row = page.locator('lb-tokens tbody tr', { hasText: 'dup me' })
    await row.locator('button.revoke').click()
    await row.locator('button.cancel').click()
    expect(await row.textContent()).toContain('Active')
    expect((await chat()).status).toBe(200)
    await row.locator('button.revoke').click()
    await row.locator('button.confirm-revoke').click()
    await row.locator('td.state-revoked').waitFor()
    const refused = await chat()
    expect(refused.status).toBe(401)
    expect(JSON.stringify(await refused.json())).toContain('INVALID_TOKEN')
    expect(await row.locator('button.revoke').count()).toBe(0)
  })

  test('nothing secret reached the page, and nothing broke the CSP', async () => {
    const text = await page.evaluate(() => document.documentElement.outerHTML)
    expect(text).not.toContain(CANARY_KEY)
    expect(text).not.toContain(proxyUrl.split('/proxy/')[1] ?? 'x')
    expect(watch.dialogs).toEqual([])
    expect(watch.foreignRequests).toEqual([])
    expect(await watch.cspViolations()).toEqual([])
  })
})
